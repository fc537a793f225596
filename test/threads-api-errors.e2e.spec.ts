import { EVENT_STORE, EventStore } from './support/events';
import { call, startTestApp, TestApp } from './support/test-app';

describe('threads API rejects bad input with a 4xx naming the problem, and writes nothing', () => {
  let t: TestApp;
  let events: EventStore;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
    await api('POST', '/commands/create-thread', { thread_id: 'existing' });
  });
  afterAll(() => t.close());

  const cases: Array<[string, string, string, unknown, number, RegExp]> = [
    ['empty content', 'POST', '/commands/send-message', { thread_id: 'existing', content: '' }, 400, /content/],
    ['blank content', 'POST', '/commands/send-message', { thread_id: 'existing', content: '   ' }, 400, /content/],
    ['missing content', 'POST', '/commands/send-message', { thread_id: 'existing' }, 400, /content/],
    ['content not a string', 'POST', '/commands/send-message', { thread_id: 'existing', content: 5 }, 400, /content/],
    ['unknown thread on send', 'POST', '/commands/send-message', { thread_id: 'nope', content: 'hi' }, 404, /nope/],
    ['existing thread_id on create', 'POST', '/commands/create-thread', { thread_id: 'existing' }, 409, /existing/],
    ['bad thread_id charset', 'POST', '/commands/create-thread', { thread_id: 'has space' }, 400, /thread_id/],
    ['thread_id too long', 'POST', '/commands/create-thread', { thread_id: 'x'.repeat(129) }, 400, /thread_id/],
    ['unknown field', 'POST', '/commands/create-thread', { thread_id: 'fresh', colour: 'red' }, 400, /colour/],
    ['fork beyond head', 'POST', '/commands/fork-thread', { source_thread_id: 'existing', event_number: 1 }, 400, /event_number/],
    ['fork below 0', 'POST', '/commands/fork-thread', { source_thread_id: 'existing', event_number: -1 }, 400, /event_number/],
    ['fork at a fraction', 'POST', '/commands/fork-thread', { source_thread_id: 'existing', event_number: 0.5 }, 400, /event_number/],
    ['fork at a string', 'POST', '/commands/fork-thread', { source_thread_id: 'existing', event_number: '0' }, 400, /event_number/],
    ['fork of unknown thread', 'POST', '/commands/fork-thread', { source_thread_id: 'nope', event_number: 0 }, 404, /nope/],
    ['malformed JSON', 'POST', '/commands/send-message', '{"thread_id": "existing", ', 400, /JSON/],
    ['JSON null body', 'POST', '/commands/send-message', 'null', 400, /JSON|thread_id/],
    ['unknown thread messages', 'GET', '/threads/nope/messages', undefined, 404, /nope/],
    ['unknown thread head', 'GET', '/threads/nope/head', undefined, 404, /nope/],
    ['unknown thread branches', 'GET', '/threads/nope/branches', undefined, 404, /nope/],
    ['bad path id', 'GET', '/threads/%2E%2E%20x/head', undefined, 400, /thread_id/],
  ];

  it.each(cases)('%s', async (_, method, path, body, status, detail) => {
    const before = await events.headPosition();
    const response = await api(method, path, body);
    expect(response.status).toBe(status);
    expect(response.body.detail).toMatch(detail);
    expect(await events.headPosition()).toBe(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await api('POST', '/commands/send-message', { thread_id: 'existing', content: 'x'.repeat(2_000_000) });
    expect(response.status).toBe(413);
  });
});
