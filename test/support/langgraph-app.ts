import { rmSync } from 'fs';
import { Client } from '@langchain/langgraph-sdk';
import { ALICE_KEY, startTestApp, TestApp } from './test-app';

/** Forkline in this process with the LangGraph SDK client on its /langgraph face, for one describe block (filled in beforeAll). */
export function langgraphApp(): { app: TestApp; client: Client } {
  const lg = {} as { app: TestApp; client: Client };
  beforeAll(async () => {
    lg.app = await startTestApp();
    lg.client = new Client({ apiUrl: `${lg.app.baseUrl}/langgraph`, apiKey: ALICE_KEY });
  });
  afterAll(async () => {
    await lg.app.close();
    rmSync(lg.app.dataDir, { recursive: true, force: true });
  });
  return lg;
}
