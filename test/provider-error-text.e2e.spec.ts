import { EVENT_STORE, EventStore } from './support/events';
import { FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

/** A provider's error names its gateways and internal hosts: users see the failure, not the addresses. */
describe('provider error text shown to users', () => {
  const PROVIDER_ERROR =
    'upstream https://gateway.corp.example:8443/v1/chat/completions refused; tried 10.20.30.40:8443 and llm-gw.internal.example';
  let fake: FakeOpenAi;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeOpenAi(() => ({ fail: PROVIDER_ERROR }));
    t = await startTestApp({ MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('keeps hosts and URLs out of RunFailed and the run error logs, and keeps the rest of the message', async () => {
    await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'leaky' });
    await call(t.baseUrl, 'POST', '/commands/send-message', { thread_id: 'leaky', content: 'hello' });
    const events: EventStore = t.app.get(EVENT_STORE);
    const log = await eventually(
      () => events.readStream('thread-leaky'),
      (all) => all.some((e) => e.type === 'RunFailed'),
      50_000,
    );
    const shown = log.flatMap((e) =>
      e.type === 'RunFailed'
        ? [(e.data as { error: string }).error]
        : e.type === 'LogRecorded'
          ? [(e.data as { message: string }).message]
          : [],
    );
    expect(shown.length).toBeGreaterThan(1);
    for (const text of shown) {
      expect(text).toContain('upstream <url> refused; tried <host> and <host>');
      expect(text).not.toMatch(/gateway|corp\.example|10\.20\.30\.40|internal|127\.0\.0\.1|http/);
    }
  }, 60_000);
});
