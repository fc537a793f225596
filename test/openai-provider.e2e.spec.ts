import { EVENT_STORE, EventStore } from './support/events';
import { FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

describe('MODEL=openai:<name> talks to an OpenAI-compatible server through LangChain ChatOpenAI', () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const assistantReplies = (threadId: string, count: number) =>
    eventually(
      () => api('GET', `/threads/${threadId}/messages`),
      (r) => r.body.filter((m: any) => m.role === 'assistant').length >= count,
    );

  beforeAll(async () => {
    fake = await startFakeOpenAi((messages) => {
      const last = String(messages[messages.length - 1].content);
      return last.includes('please fail') ? null : `Echo from fake provider: ${last} (${messages.length} messages seen)`;
    });
    t = await startTestApp({ MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('streams the reply from the provider with the conversation so far', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'provider' });
    await api('POST', '/commands/send-message', { thread_id: 'provider', content: 'What is 2+2?' });
    const first = await assistantReplies('provider', 1);
    expect(first.body[1].content).toBe('Echo from fake provider: What is 2+2? (1 messages seen)');

    await api('POST', '/commands/send-message', { thread_id: 'provider', content: 'And 3+3?' });
    const second = await assistantReplies('provider', 2);
    expect(second.body[3].content).toBe('Echo from fake provider: And 3+3? (3 messages seen)');

    const request = fake.requests[fake.requests.length - 1];
    expect(request.headers.authorization).toBe('Bearer sk-test-key');
    expect(request.body).toMatchObject({ model: 'gpt-fake', stream: true });
    expect(request.body.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('records a failed run when the provider keeps failing, and goes on answering later messages', async () => {
    const events: EventStore = t.app.get(EVENT_STORE);
    await api('POST', '/commands/create-thread', { thread_id: 'flaky' });
    await api('POST', '/commands/send-message', { thread_id: 'flaky', content: 'please fail' });
    await api('POST', '/commands/send-message', { thread_id: 'flaky', content: 'now answer' });
    const answered = await assistantReplies('flaky', 1);
    expect(answered.body.map((m: any) => m.role)).toEqual(['user', 'user', 'assistant']);
    const types = (await events.readStream('thread-flaky')).map((e) => e.type);
    expect(types.filter((x) => x === 'RunFailed')).toHaveLength(1);
    expect(types.filter((x) => x === 'RunCompleted')).toHaveLength(1);
  }, 60_000);
});
