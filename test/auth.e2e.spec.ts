import { EVENT_STORE, EventStore } from './support/events';
import { ALICE_KEY, BOB_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';

describe('API keys and ownership on every threads endpoint', () => {
  let t: TestApp;
  const as = (key: string | null) => (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body, { key });
  const alice = as(ALICE_KEY);
  const bob = as(BOB_KEY);

  beforeAll(async () => {
    t = await startTestApp();
    await alice('POST', '/commands/create-thread', { thread_id: 'alice-thread' });
    await alice('POST', '/commands/send-message', { thread_id: 'alice-thread', content: 'private' });
  });
  afterAll(() => t.close());

  const routes: Array<[string, string, unknown]> = [
    ['POST', '/commands/create-thread', {}],
    ['POST', '/commands/send-message', { thread_id: 'alice-thread', content: 'hi' }],
    ['POST', '/commands/fork-thread', { source_thread_id: 'alice-thread', event_number: 0 }],
    ['GET', '/threads', undefined],
    ['GET', '/threads/alice-thread/messages', undefined],
    ['GET', '/threads/alice-thread/branches', undefined],
    ['GET', '/threads/alice-thread/head', undefined],
    ['POST', '/api/chat/playground/start', { input: 'hi' }],
    ['POST', '/api/chat/playground/alice-thread/stop', undefined],
    ['GET', '/api/chat/playground/alice-thread/chatData', undefined],
    ['GET', '/api/workflows/', undefined],
    ['GET', '/api/workflows/alice-thread', undefined],
    ['PUT', '/api/workflows/alice-thread', { name: 'x' }],
    ['DELETE', '/api/workflows/alice-thread', undefined],
    ['GET', '/api/workflows/alice-thread/status', undefined],
    ['GET', '/api/workflows/alice-thread/logs', undefined],
    ['GET', '/api/workflows/alice-thread/messages', undefined],
    ['DELETE', '/api/workflows/alice-thread/messages/m1', undefined],
    ['DELETE', '/api/workflows/alice-thread/messages/m1/files/f1', undefined],
  ];

  it.each(routes)('%s %s answers 401 without a key or with a wrong one, and writes nothing', async (method, path, body) => {
    const events: EventStore = t.app.get(EVENT_STORE);
    const before = await events.headPosition();
    for (const [key, detail] of [
      [null, /missing API key/],
      ['not-a-key', /invalid API key/],
    ] as const) {
      const response = await as(key)(method, path, body);
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(detail);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    const malformed = await call(t.baseUrl, method, path, body, { key: null, headers: { authorization: `Basic ${ALICE_KEY}` } });
    expect(malformed.status).toBe(401);
    expect(await events.headPosition()).toBe(before);
  });

  it.each(routes.filter(([, path, body]) => JSON.stringify([path, body]).includes('alice-thread')))(
    "%s %s answers 404 for another user's thread, exactly as for a missing one",
    async (method, path, body) => {
      const theirs = await bob(method, path, body);
      const elsewhere = (x: unknown) => JSON.parse(JSON.stringify(x).replace('alice-thread', 'no-such-thread'));
      const missing = await bob(method, elsewhere(path), body === undefined ? undefined : elsewhere(body));
      expect(theirs.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(theirs.body.detail.replace('alice-thread', 'X')).toBe(missing.body.detail.replace('no-such-thread', 'X'));
    },
  );

  it("lists only the caller's threads, and refuses a taken id the same way whoever owns it", async () => {
    await bob('POST', '/commands/create-thread', { thread_id: 'bob-thread' });
    expect((await bob('GET', '/threads')).body.map((x: any) => x.thread_id)).toEqual(['bob-thread']);
    expect((await alice('GET', '/threads')).body.map((x: any) => x.thread_id)).not.toContain('bob-thread');
    const taken = await bob('POST', '/commands/create-thread', { thread_id: 'alice-thread' });
    const own = await bob('POST', '/commands/create-thread', { thread_id: 'bob-thread' });
    expect([taken.status, own.status]).toEqual([409, 409]);
    expect(taken.body.detail.replace('alice-thread', 'X')).toBe(own.body.detail.replace('bob-thread', 'X'));
  });

  it('records the authenticated user as the actor of every event, and the agent as the actor of its own', async () => {
    const events: EventStore = t.app.get(EVENT_STORE);
    await bob('POST', '/commands/send-message', { thread_id: 'bob-thread', content: 'mine' });
    await eventually(
      () => bob('GET', '/threads/bob-thread/messages'),
      (r) => r.body.length === 2,
    );
    const fork = (await bob('POST', '/commands/fork-thread', { source_thread_id: 'bob-thread', event_number: 1 })).body.new_thread_id;
    const actors = async (threadId: string) => (await events.readStream(`thread-${threadId}`)).map((e) => [e.type, e.metadata.actor]);
    expect(await actors('bob-thread')).toEqual([
      ['ThreadCreated', 'bob'],
      ['UserMessageAdded', 'bob'],
      ['RunStarted', 'agent'],
      ['AssistantMessageAdded', 'agent'],
      ['StatRecorded', 'agent'],
      ['RunCompleted', 'agent'],
    ]);
    expect((await actors(fork))[0]).toEqual(['ThreadForked', 'bob']);
    expect((await bob('GET', '/threads')).body.map((x: any) => x.thread_id)).toContain(fork);
  });

  it('keeps /health and the API docs open', async () => {
    expect((await as(null)('GET', '/health')).status).toBe(200);
    const docs = await fetch(`${t.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/commands/send-message', '/threads/{thread_id}/messages']));
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
