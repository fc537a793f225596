import { request } from 'http';
import { ALICE_KEY, call, startTestApp, TestApp } from './support/test-app';

/** A GET from another loopback address (127.0.0.2, ...): another client as far as the server can tell; a null key sends none. */
function getFrom(localAddress: string, url: string, key: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers: key === null ? {} : { authorization: `Bearer ${key}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('failed authentication is throttled per client address (AUTH_FAILURES_PER_MINUTE)', () => {
  const LIMIT = 3;
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURES_PER_MINUTE: String(LIMIT) });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, before the key is checked, while other addresses are served', async () => {
    for (let i = 0; i < LIMIT; i++) {
      expect((await call(t.baseUrl, 'GET', '/threads', undefined, { key: `wrong-${i}` })).status).toBe(401);
    }
    const refused = await call(t.baseUrl, 'GET', '/threads', undefined, { key: 'wrong-again' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ detail: expect.stringMatching(/too many failed authentications from this address \(3 per minute\)/) });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // A right guess from the same address is refused the same way: the answer tells nothing about the key.
    expect((await call(t.baseUrl, 'GET', '/threads', undefined, { key: ALICE_KEY })).status).toBe(429);
    expect((await call(t.baseUrl, 'GET', '/threads', undefined, { key: null })).status).toBe(429);
    expect(await getFrom('127.0.0.2', `${t.baseUrl}/threads`, ALICE_KEY)).toBe(200);
    expect(await getFrom('127.0.0.2', `${t.baseUrl}/threads`, 'wrong')).toBe(401);
    expect((await call(t.baseUrl, 'GET', '/health', undefined, { key: null })).status).toBe(200);
  });

  it('counts a wrong key sent to /health like any other and refuses it past the limit; a probe without a key stays open', async () => {
    // 127.0.0.3: an address of its own, untouched by the case above.
    for (let i = 0; i < LIMIT; i++) expect(await getFrom('127.0.0.3', `${t.baseUrl}/health`, `wrong-${i}`)).toBe(200);
    expect(await getFrom('127.0.0.3', `${t.baseUrl}/health`, 'wrong-again')).toBe(429);
    expect(await getFrom('127.0.0.3', `${t.baseUrl}/health`, ALICE_KEY)).toBe(429);
    expect(await getFrom('127.0.0.3', `${t.baseUrl}/threads`, ALICE_KEY)).toBe(429);
    expect(await getFrom('127.0.0.3', `${t.baseUrl}/health`, null)).toBe(200);
    expect(await getFrom('127.0.0.4', `${t.baseUrl}/health`, ALICE_KEY)).toBe(200);
  });
});

describe('TRUST_PROXY: behind a reverse proxy, failures count against the forwarded client address', () => {
  const LIMIT = 2;
  const failFrom = (t: TestApp, forwardedFor: string, key: string) =>
    call(t.baseUrl, 'GET', '/threads', undefined, { key, headers: { 'x-forwarded-for': forwardedFor } });

  it.each(['1', '127.0.0.1'])('with TRUST_PROXY=%s one forwarded client is locked out, another is not', async (trustProxy) => {
    const t = await startTestApp({ AUTH_FAILURES_PER_MINUTE: String(LIMIT), TRUST_PROXY: trustProxy });
    try {
      for (let i = 0; i < LIMIT; i++) expect((await failFrom(t, '203.0.113.7', `wrong-${i}`)).status).toBe(401);
      expect((await failFrom(t, '203.0.113.7', ALICE_KEY)).status).toBe(429);
      expect((await failFrom(t, '203.0.113.8', ALICE_KEY)).status).toBe(200);
      expect((await failFrom(t, '203.0.113.8', 'wrong')).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('without it X-Forwarded-For is ignored: the proxy (here the test) is the one client', async () => {
    const t = await startTestApp({ AUTH_FAILURES_PER_MINUTE: String(LIMIT) });
    try {
      for (let i = 0; i < LIMIT; i++) expect((await failFrom(t, `203.0.113.${i}`, 'wrong')).status).toBe(401);
      expect((await failFrom(t, '203.0.113.99', ALICE_KEY)).status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
