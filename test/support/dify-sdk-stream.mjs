// Runs Dify's own Node SDK (npm dify-client, unmodified) in streaming mode: createChatMessage(..., stream=true) answers
// the raw axios response, whose `data` is a byte stream the SDK leaves to its caller to parse. Prints one JSON line:
// {"status", "contentType", "raw"} (the body as received, to the end), or {"error": {"status", "data"}}.
import { ChatClient } from 'dify-client';

const { baseUrl, key, args } = JSON.parse(process.argv[2]);
const client = new ChatClient(key, baseUrl);
try {
  const response = await client.createChatMessage(...args);
  let raw = '';
  response.data.setEncoding('utf8');
  for await (const chunk of response.data) raw += chunk;
  process.stdout.write(JSON.stringify({ status: response.status, contentType: response.headers['content-type'], raw }) + '\n');
} catch (error) {
  if (!error.response) throw error;
  let data = error.response.data;
  if (data && typeof data.on === 'function') {
    let text = '';
    for await (const chunk of data) text += chunk;
    data = JSON.parse(text);
  }
  process.stdout.write(JSON.stringify({ error: { status: error.response.status, data } }) + '\n');
}
