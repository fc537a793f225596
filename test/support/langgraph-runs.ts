import { rmSync } from 'fs';
import { Client } from '@langchain/langgraph-sdk';
import { ServerProcess, spawnServer, stopServer } from './server-process';
import { ALICE_KEY, call, newDataDir } from './test-app';

export type Part = { id?: string; event: string; data: any };

export const assistant = 'assistant'; // the default agent's slug, as a graph id
/** A message the offline model echoes back slowly: ~200 tokens at 15 ms each. */
export const long = (tag: string) => `${tag} ` + Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
export const human = (content: string) => ({ messages: [{ type: 'human', content }] });
/** As LangGraph clients send their key: x-api-key (the raw requests of the tests send Authorization: Bearer, also taken). */
export const clientAt = (apiUrl: string, key = ALICE_KEY) => new Client({ apiUrl, apiKey: key });
export const collect = async (parts: AsyncIterable<Part>) => {
  const all: Part[] = [];
  for await (const part of parts) all.push(part);
  return all;
};

/** Forkline started as a process for one file of LangGraph runs tests, with the SDK client and the helpers they share. */
export interface RunsServer {
  server: ServerProcess;
  /** The LangGraph face's root URL. */
  api: string;
  client: Client;
  newThread(): Promise<string>;
  /** Resolves once the run streams its first token. */
  firstToken(threadId: string, runId: string): Promise<void>;
  /** The thread's messages as the threads face shows them. */
  messages(threadId: string): Promise<any[]>;
}

/** Starts the server before the file's tests (slow tokens, frequent heartbeats) and stops it after; filled in beforeAll. */
export function langgraphRunsServer(): RunsServer {
  const dataDir = newDataDir();
  let threadCount = 0;
  const lg: RunsServer = {
    server: undefined as unknown as ServerProcess,
    api: '',
    client: undefined as unknown as Client,
    async newThread() {
      const threadId = `lg-run-${++threadCount}`;
      expect((await call(lg.server.baseUrl, 'POST', '/commands/create-thread', { thread_id: threadId })).status).toBe(200);
      return threadId;
    },
    async firstToken(threadId, runId) {
      for await (const part of lg.client.runs.joinStream(threadId, runId, { streamMode: ['messages-tuple'] }))
        if (part.event === 'messages') return;
    },
    async messages(threadId) {
      return (await call(lg.server.baseUrl, 'GET', `/threads/${threadId}/messages`)).body;
    },
  };
  beforeAll(async () => {
    lg.server = await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '15', SSE_HEARTBEAT_MS: '300' });
    lg.api = `${lg.server.baseUrl}/langgraph`;
    lg.client = clientAt(lg.api);
  }, 90_000);
  afterAll(async () => {
    await stopServer(lg.server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return lg;
}
