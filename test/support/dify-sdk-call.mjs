// Runs one call of Dify's own Node SDK (npm dify-client, an ES module Jest cannot load) unmodified, and prints its
// outcome as one JSON line: {"status", "data"} for an answer, {"error": {"status", "data"}} for a refusal.
import * as sdk from 'dify-client';

const { baseUrl, key, method, args } = JSON.parse(process.argv[2]);
// `Client.method` calls another of the SDK's clients (e.g. CompletionClient.runWorkflow); a bare method name, ChatClient's.
const [clientName, methodName] = method.includes('.') ? method.split('.') : ['ChatClient', method];
const client = new sdk[clientName](key, baseUrl);
try {
  const response = await client[methodName](...args);
  process.stdout.write(JSON.stringify({ status: response.status, data: response.data }) + '\n');
} catch (error) {
  if (!error.response) throw error;
  process.stdout.write(JSON.stringify({ error: { status: error.response.status, data: error.response.data } }) + '\n');
}
