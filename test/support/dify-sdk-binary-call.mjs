// Runs one call of Dify's Node SDK (npm dify-client, unmodified) whose request or answer is not JSON: an argument
// {"$form": {"fields": {...}, "file": {"base64", "name", "type"}}} is passed as a FormData (as the SDK's own fileUpload
// takes one), and an answer that is a stream (responseType "stream") is read whole. Prints one JSON line:
// {"status", "headers", "data"} with data as base64 for a stream, or {"error": {"status", "data"}}.
import { ChatClient } from 'dify-client';

const { baseUrl, key, method, args } = JSON.parse(process.argv[2]);
const asArgument = (arg) => {
  if (!arg || typeof arg !== 'object' || !arg.$form) return arg;
  const form = new FormData();
  for (const [name, value] of Object.entries(arg.$form.fields ?? {})) form.append(name, value);
  const { base64, name, type } = arg.$form.file ?? {};
  if (base64 !== undefined) form.append('file', new Blob([Buffer.from(base64, 'base64')], { type }), name);
  return form;
};
const readAll = async (stream) => {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};
const client = new ChatClient(key, baseUrl);
try {
  const response = await client[method](...args.map(asArgument));
  const streamed = typeof response.data?.pipe === 'function';
  const data = streamed ? (await readAll(response.data)).toString('base64') : response.data;
  const headers = { 'content-type': response.headers['content-type'] };
  process.stdout.write(JSON.stringify({ status: response.status, headers, data }) + '\n');
} catch (error) {
  if (!error.response) throw error;
  let data = error.response.data;
  if (typeof data?.pipe === 'function') data = JSON.parse((await readAll(data)).toString('utf8'));
  process.stdout.write(JSON.stringify({ error: { status: error.response.status, data } }) + '\n');
}
