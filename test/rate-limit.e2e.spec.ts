import { call, startTestApp, TestApp } from './support/test-app';

describe('per-user rate limit (RATE_LIMIT_PER_MINUTE)', () => {
  const LIMIT = 5;
  const users = Array.from({ length: 19 }, (_, i) => `u${i}`);
  const others = users.map((u) => `other-${u}`);
  const keyOf = (user: string) => `key-of-${user}-4e7a1c9f3b5d2e8a6c0f1b3d5e7a9c2e`;
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      API_KEYS: [...users, ...others].map((u) => `${keyOf(u)}:${u}`).join(','),
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
  });
  afterAll(() => t.close());

  const routes: Array<[string, string, (i: number) => unknown]> = [
    ['POST', '/commands/create-thread', () => ({})],
    ['POST', '/commands/send-message', () => ({ thread_id: 'mine', content: 'hi' })],
    ['POST', '/commands/fork-thread', () => ({ source_thread_id: 'mine', event_number: 0 })],
    ['GET', '/threads', () => undefined],
    ['GET', '/threads/mine/messages', () => undefined],
    ['GET', '/threads/mine/branches', () => undefined],
    ['GET', '/threads/mine/head', () => undefined],
    ['GET', '/threads/mine/state', () => undefined],
    ['GET', '/threads/mine/events', () => undefined],
    ['POST', '/api/chat/playground/start', () => ({ input: 'hi' })],
    ['POST', '/api/chat/playground/mine/stop', () => undefined],
    ['GET', '/api/chat/playground/mine/chatData', () => undefined],
    ['GET', '/api/workflows/', () => undefined],
    ['GET', '/api/workflows/mine', () => undefined],
    ['PUT', '/api/workflows/mine', () => ({ name: 'x' })],
    ['DELETE', '/api/workflows/mine', () => undefined],
    ['GET', '/api/workflows/mine/status', () => undefined],
    ['GET', '/api/workflows/mine/logs', () => undefined],
    ['GET', '/api/workflows/mine/messages', () => undefined],
  ];

  it.each(routes.map((r, i) => [...r, users[i], others[i]] as const))(
    '%s %s answers 429 with Retry-After and X-RateLimit-* past the limit',
    async (method, path, body, user, other) => {
      const key = keyOf(user);
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i++) {
        const r = await call(t.baseUrl, method, path, body(i), { key });
        statuses.push(r.status);
        expect(r.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
        expect(r.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - i - 1));
      }
      expect(statuses.every((s) => s < 429)).toBe(true);
      const refused = await call(t.baseUrl, method, path, body(LIMIT), { key });
      expect(refused.status).toBe(429);
      expect(refused.body.detail).toMatch(/rate limit exceeded: 5 requests per minute/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      // the budget is the user's own: another user is not affected
      expect((await call(t.baseUrl, method, path, body(0), { key: keyOf(other) })).status).toBeLessThan(429);
    },
  );

  it('does not limit /health', async () => {
    for (let i = 0; i < LIMIT + 3; i++) expect((await call(t.baseUrl, 'GET', '/health', undefined, { key: null })).status).toBe(200);
  });
});
