import { call, startTestApp, TestApp } from './support/test-app';

/** Every route of the LangGraph runs face: counted by the per-user rate limit, and documented in the OpenAPI document. */
describe('LangGraph runs routes: rate limit and OpenAPI', () => {
  const LIMIT = 3;
  const routes: Array<[string, string, unknown]> = [
    ['POST', '/langgraph/threads/none/runs', { assistant_id: 'assistant', input: { messages: [{ type: 'human', content: 'x' }] } }],
    ['POST', '/langgraph/threads/none/runs/stream', { assistant_id: 'assistant', input: { messages: [] } }],
    ['POST', '/langgraph/threads/none/runs/wait', { assistant_id: 'assistant' }],
    ['GET', '/langgraph/threads/none/runs', undefined],
    ['GET', '/langgraph/threads/none/runs/r1', undefined],
    ['GET', '/langgraph/threads/none/runs/r1/join', undefined],
    ['GET', '/langgraph/threads/none/runs/r1/stream', undefined],
    ['POST', '/langgraph/threads/none/runs/r1/cancel', undefined],
    ['POST', '/langgraph/runs/stream', { assistant_id: 'no-such-assistant' }],
    ['POST', '/langgraph/runs/wait', { assistant_id: 'no-such-assistant' }],
  ];
  const keyOf = (i: number) => `key-of-lg-user-${i}-4e7a1c9f3b5d2e8a6c0f1b3d5e7a9c2e`;
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      API_KEYS: routes.map((_, i) => `${keyOf(i)}:lg-user-${i}`).join(','),
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
  });
  afterAll(() => t.close());

  it.each(routes.map((r, i) => [...r, i] as const))(
    '%s %s answers 4xx in the face’s shape, then 429 past the limit',
    async (method, path, body, i) => {
      for (let n = 0; n < LIMIT; n++) {
        const refused = await call(t.baseUrl, method, path, body, { key: keyOf(i) });
        expect(refused.status).toBeGreaterThanOrEqual(400);
        expect(refused.status).toBeLessThan(429);
        expect(refused.body).toEqual({ detail: expect.any(String) });
      }
      const limited = await call(t.baseUrl, method, path, body, { key: keyOf(i) });
      expect(limited.status).toBe(429);
      expect(limited.body.detail).toMatch(/rate limit exceeded/);
    },
  );

  it('documents every route with its request and response shapes', async () => {
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    const run = '/langgraph/threads/{thread_id}/runs/{run_id}';
    expect(Object.keys(spec.paths['/langgraph/threads/{thread_id}/runs']).sort()).toEqual(['get', 'post']);
    for (const path of ['/langgraph/threads/{thread_id}/runs/stream', '/langgraph/threads/{thread_id}/runs/wait', `${run}/cancel`])
      expect(Object.keys(spec.paths[path])).toEqual(['post']);
    for (const path of [run, `${run}/join`, `${run}/stream`]) expect(Object.keys(spec.paths[path])).toEqual(['get']);
    for (const path of ['/langgraph/runs/stream', '/langgraph/runs/wait']) expect(Object.keys(spec.paths[path])).toEqual(['post']);
    const body = spec.paths['/langgraph/threads/{thread_id}/runs/stream'].post.requestBody.content['application/json'].schema.$ref;
    expect(body).toMatch(/RunCreateRequest$/);
    expect(Object.keys(spec.components.schemas.RunCreateRequest.properties)).toEqual(
      expect.arrayContaining([
        'assistant_id',
        'input',
        'stream_mode',
        'multitask_strategy',
        'on_disconnect',
        'if_not_exists',
        'checkpoint',
      ]),
    );
    expect(spec.paths['/langgraph/threads/{thread_id}/runs'].post.responses['200'].content['application/json'].schema.$ref).toMatch(
      /LgRun$/,
    );
    expect(Object.keys(spec.components.schemas.LgRun.properties)).toEqual(
      expect.arrayContaining(['run_id', 'thread_id', 'assistant_id', 'status', 'metadata', 'multitask_strategy']),
    );
    expect(Object.keys(spec.paths[`${run}/stream`].get.responses['200'].content)).toEqual(['text/event-stream']);
    expect(spec.paths[`${run}/stream`].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['Last-Event-ID', 'stream_mode']),
    );
    expect(spec.paths[`${run}/cancel`].post.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['wait', 'action']));
  });
});
