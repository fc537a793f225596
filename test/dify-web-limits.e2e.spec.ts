import { passportHeaders, webPassport } from './support/dify-web-passport';
import { ALICE_KEY, BOB_KEY, call, startTestApp, TestApp } from './support/test-app';

const GUARDED = '/api/saved-messages';

describe('Dify web API under the rate limit and the failed-authentication limit', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("counts passport requests, GET /api/passport included, against the app owner's budget", async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '6' });
    const created = await call(t.baseUrl, 'POST', '/agents', { slug: 'web', name: 'Web' });
    const code = created.body.site_code;
    expect(created.headers.get('x-ratelimit-remaining')).toBe('5');
    const passport = await webPassport(t.baseUrl, code);
    const web = () => call(t.baseUrl, 'GET', GUARDED, undefined, { key: null, headers: passportHeaders(code, passport) });
    const first = await web();
    expect([first.status, first.headers.get('x-ratelimit-remaining')]).toEqual([400, '3']);
    expect((await call(t.baseUrl, 'GET', '/agents')).headers.get('x-ratelimit-remaining')).toBe('2');
    await web();
    await web();
    const refused = await web();
    expect([refused.status, refused.body]).toEqual([429, { code: 'too_many_requests', message: expect.any(String), status: 429 }]);
    expect((await call(t.baseUrl, 'GET', '/agents')).status).toBe(429);
    // Another user's budget is untouched.
    expect((await call(t.baseUrl, 'GET', '/agents', undefined, { key: BOB_KEY })).status).toBe(200);
  });

  it('counts failed passports and unknown site codes against the address, then refuses even a valid passport', async () => {
    t = await startTestApp({ AUTH_FAILURES_PER_MINUTE: '3' });
    const { agent_id: agentId, site_code: code } = (await call(t.baseUrl, 'POST', '/agents', { slug: 'web', name: 'Web' })).body;
    const appKey = (await call(t.baseUrl, 'POST', `/agents/${agentId}/api-keys`)).body.key;
    const passport = await webPassport(t.baseUrl, code);
    const valid = () => call(t.baseUrl, 'GET', GUARDED, undefined, { key: null, headers: passportHeaders(code, passport) });
    // Valid passports of another app's code and keys of the wrong kind guess nothing: not counted.
    for (let i = 0; i < 4; i++) {
      expect((await call(t.baseUrl, 'GET', GUARDED, undefined, { key: ALICE_KEY, headers: { 'x-app-code': code } })).status).toBe(401);
      expect((await call(t.baseUrl, 'GET', GUARDED, undefined, { key: appKey, headers: { 'x-app-code': code } })).status).toBe(401);
      expect(
        (await call(t.baseUrl, 'GET', GUARDED, undefined, { key: null, headers: passportHeaders('other-code', passport) })).status,
      ).toBe(401);
    }
    expect((await valid()).status).toBe(400);
    expect((await call(t.baseUrl, 'GET', GUARDED, undefined, { key: null, headers: passportHeaders(code, 'forged.token.x') })).status).toBe(
      401,
    );
    expect((await call(t.baseUrl, 'GET', '/api/passport', undefined, { key: null, headers: { 'x-app-code': 'guess-1' } })).status).toBe(
      404,
    );
    expect((await call(t.baseUrl, 'GET', GUARDED, undefined, { key: null, headers: { 'x-app-code': code } })).status).toBe(401);
    const refused = await valid();
    expect([refused.status, refused.body.code, Number(refused.headers.get('retry-after'))]).toEqual([
      429,
      'too_many_requests',
      expect.any(Number),
    ]);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
