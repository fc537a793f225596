// Runs one call of Dify's own Node SDK (npm dify-client, an ES module Jest cannot load) unmodified, and prints its
// outcome as one JSON line: {"status", "data"} for an answer, {"error": {"status", "data"}} for a refusal.
// An argument {"$form": {field: value | {"base64", "name", "type"}}} is passed as a FormData (a file for the objects).
import * as sdk from 'dify-client';

const { baseUrl, key, method, args } = JSON.parse(process.argv[2]);
// `Client.method` calls another of the SDK's clients (e.g. CompletionClient.runWorkflow); a bare method name, ChatClient's.
const [clientName, methodName] = method.includes('.') ? method.split('.') : ['ChatClient', method];
const client = new sdk[clientName](key, baseUrl);
const asForm = (entries) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([Buffer.from(value.base64, 'base64')], { type: value.type }), value.name);
  }
  return form;
};
try {
  const response = await client[methodName](...args.map((arg) => (arg && arg.$form ? asForm(arg.$form) : arg)));
  process.stdout.write(JSON.stringify({ status: response.status, data: response.data }) + '\n');
} catch (error) {
  if (!error.response) throw error;
  process.stdout.write(JSON.stringify({ error: { status: error.response.status, data: error.response.data } }) + '\n');
}
