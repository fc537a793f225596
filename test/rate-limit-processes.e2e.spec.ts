import { rmSync } from 'fs';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { ALICE_KEY, BOB_KEY, call, JsonResponse, newDataDir } from './support/test-app';

/**
 * Two built server processes (`npm test` builds them first) on one DATA_DIR share each user's budget, across all faces, and
 * each address's failures.
 */
describe('the rate limits across API processes', () => {
  /** The default: the servers run with RATE_LIMIT_PER_MINUTE unset. */
  const LIMIT = 120;
  const AUTH_FAILURES = 4;
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++)
      servers.push(await spawnServer({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '', AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES) }));
  });
  afterAll(async () => {
    for (const server of servers) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (i: number, key = ALICE_KEY) => call(servers[i % 2].baseUrl, 'GET', '/threads', undefined, { key });
  const detail = { detail: expect.stringMatching(/^rate limit exceeded: 120 requests per minute per user/) };
  /** One cheap route per face, alice's budget on each (an app key counts for its agent's owner), and its refusal's shape. */
  const faces = (appKey: string): Array<{ face: string; send: (base: string) => Promise<JsonResponse>; refused: unknown }> => [
    { face: 'native', send: (base) => call(base, 'GET', '/threads?limit=1'), refused: detail },
    { face: 'langgraph threads', send: (base) => call(base, 'POST', '/langgraph/threads/search', { limit: 1 }), refused: detail },
    { face: 'langgraph assistants', send: (base) => call(base, 'POST', '/langgraph/assistants/search', {}), refused: detail },
    {
      face: 'dify',
      send: (base) => call(base, 'GET', '/v1/parameters', undefined, { key: appKey }),
      refused: { code: 'too_many_requests', message: 'Too many requests. Please try again later.', status: 429 },
    },
    { face: 'playground', send: (base) => call(base, 'GET', '/api/workflows/'), refused: detail },
  ];

  it(`lets ${LIMIT} requests spread over both processes and every face through, and refuses the next on each with 429`, async () => {
    // The Dify face's app key: two of the budget's requests, one on each process.
    const agent = await call(servers[0].baseUrl, 'POST', '/agents', { slug: 'limited', name: 'Limited' });
    const appKey = await call(servers[1].baseUrl, 'POST', `/agents/${agent.body.agent_id}/api-keys`);
    const answers = [agent, appKey].map((r) => ({ face: 'native', status: r.status, remaining: r.headers.get('x-ratelimit-remaining') }));
    const routes = faces(appKey.body.key);
    for (let i = answers.length; i < LIMIT; i++) {
      const { face, send } = routes[i % routes.length];
      const r = await send(servers[i % 2].baseUrl);
      answers.push({ face, status: r.status, remaining: r.headers.get('x-ratelimit-remaining') });
    }
    // Every face on both processes (5 faces and 2 processes: i covers each pair), each request counted once.
    expect(answers).toEqual(answers.map((a, i) => ({ ...a, status: 200, remaining: String(LIMIT - i - 1) })));
    for (const { face, send, refused } of routes)
      for (const server of servers) {
        const r = await send(server.baseUrl);
        expect({ face, status: r.status, body: r.body }).toEqual({ face, status: 429, body: refused });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(r.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
        expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
      }
  });

  it('counts concurrent requests on both processes each once: exactly the limit gets through', async () => {
    const statuses = await Promise.all(Array.from({ length: LIMIT + 10 }, (_, i) => get(i, BOB_KEY).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  // Last: it leaves 127.0.0.1 refused for a minute.
  it('counts failed authentications from one address on both processes (AUTH_FAILURES_PER_MINUTE)', async () => {
    for (let i = 0; i < AUTH_FAILURES; i++) expect((await get(i, `wrong-key-${i}`)).status).toBe(401);
    for (const i of [0, 1]) {
      const refused = await get(i, 'wrong-again');
      expect(refused.status).toBe(429);
      expect(refused.body.detail).toMatch(/too many failed authentications from this address \(4 per minute\)/);
      // A right key from that address is refused alike, on either process.
      expect((await get(i, ALICE_KEY)).status).toBe(429);
    }
  });
});
