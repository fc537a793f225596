import { rmSync } from 'fs';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { ALICE_KEY, BOB_KEY, call, newDataDir } from './support/test-app';

/** Two built server processes (`npm test` builds them first) on one DATA_DIR share each user's budget and each address's failures. */
describe('the rate limits across API processes', () => {
  const LIMIT = 30;
  const AUTH_FAILURES = 4;
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++)
      servers.push(
        await spawnServer({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: String(LIMIT), AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES) }),
      );
  });
  afterAll(async () => {
    for (const server of servers) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (i: number, key = ALICE_KEY) => call(servers[i % 2].baseUrl, 'GET', '/threads', undefined, { key });

  it(`lets ${LIMIT} requests spread over both processes through, and refuses the next one on either with 429`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const r = await get(i);
      statuses.push(r.status);
      expect(r.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - i - 1));
    }
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    for (const i of [0, 1]) {
      const refused = await get(i);
      expect(refused.status).toBe(429);
      expect(refused.body.detail).toMatch(/rate limit exceeded: 30 requests per minute per user/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
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
