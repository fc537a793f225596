import { Client } from '@langchain/langgraph-sdk';
import { FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { ALICE_KEY, call, startTestApp, TestApp } from './support/test-app';

/** A run whose model fails ends its LangGraph stream with an `error` frame, its wait with `__error__`, its Run as error. */
describe('LangGraph runs that fail', () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    fake = await startFakeOpenAi(() => ({ fail: 'the model is down' }));
    t = await startTestApp({ MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key' });
    client = new Client({ apiUrl: `${t.baseUrl}/langgraph`, defaultHeaders: { Authorization: `Bearer ${ALICE_KEY}` } });
    await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'failing' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('streams an error event, throws from wait, and shows the run as error', async () => {
    let runId = '';
    const parts: Array<{ event: string; data: any }> = [];
    const input = { messages: [{ type: 'human', content: 'hello' }] };
    for await (const part of client.runs.stream('failing', 'assistant', { input, onRunCreated: (m) => (runId = m.run_id) }))
      parts.push(part);
    expect(parts.map((p) => p.event)).toEqual(['metadata', 'values', 'error']);
    expect(parts[2].data).toEqual({ error: 'RunError', message: expect.stringContaining('the model is down') });
    expect((await client.runs.get('failing', runId)).status).toBe('error');
    await expect(client.runs.wait('failing', 'assistant', { input })).rejects.toThrow(/^RunError: .*the model is down/);
  }, 120_000);
});
