// LangGraph's own JS server (@langchain/langgraph-api, in memory) serving the echo graph, for side-by-side benches.
// Run from a temporary working directory: it keeps its in-memory store flushed under ./.langgraph_api.
import { startServer } from '@langchain/langgraph-api/server';
import { fileURLToPath } from 'node:url';

const graph = fileURLToPath(new URL('./echo-graph.mjs', import.meta.url));
const { host, cleanup } = await startServer({
  port: Number(process.env.PORT),
  nWorkers: 10,
  host: '127.0.0.1',
  cwd: process.cwd(),
  graphs: { echo: `${graph}:graph` },
});
console.log(`LISTENING ${host}`);
process.on('SIGTERM', async () => {
  await cleanup();
  process.exit(0);
});
