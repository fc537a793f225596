import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { PassportTokens } from '../apps/api/src/auth/passport-tokens';
import { startDifyTestApp, DifyTestApp } from './support/dify-app';
import { passportHeaders, siteCodeOf, webPassport, webSession } from './support/dify-web-passport';
import { ALICE_KEY, BOB_KEY, call, startTestApp } from './support/test-app';

/** A passport route (a chat app on a completion app's route): 400 `not_completion_app` once the passport is accepted. */
const GUARDED = '/api/saved-messages';
const ACCEPTED = { status: 400, code: 'not_completion_app' };

describe('Dify web API passports', () => {
  let d: DifyTestApp;
  let appA: string;
  let appB: string;
  beforeAll(async () => {
    d = await startDifyTestApp();
  });
  afterAll(() => d.t.close());
  const outcome = (r: { status: number; body: any }) => ({ status: r.status, code: r.body?.code });
  const guarded = (headers: Record<string, string>) => call(d.t.baseUrl, 'GET', GUARDED, undefined, { key: null, headers });

  it('gives every new agent a site code and the web switch on; a code is settable and unique across users', async () => {
    const a = await d.api('POST', '/agents', undefined, { slug: 'web-a', name: 'A' });
    expect(a.body).toMatchObject({ site_code: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/), web_enabled: true });
    appA = a.body.agent_id;
    appB = (await d.api('POST', '/agents', BOB_KEY, { slug: 'web-b', name: 'B', site_code: 'bobs-own-code' })).body.agent_id;
    expect(await siteCodeOf(d.t.baseUrl, appB, BOB_KEY)).toBe('bobs-own-code');
    const before = await d.events.headPosition();
    const taken = await d.api('PATCH', `/agents/${appA}`, undefined, { site_code: 'bobs-own-code' });
    expect([taken.status, taken.body.detail]).toEqual([409, "site_code: 'bobs-own-code' is taken by another app"]);
    expect((await d.api('PATCH', `/agents/${appA}`, undefined, { site_code: 'a b' })).status).toBe(400);
    expect(await d.events.headPosition()).toBe(before);
  });

  it('gives the default agent a code with its first change, not before', async () => {
    const [assistant] = (await d.api('GET', '/agents', BOB_KEY)).body;
    expect(assistant).toMatchObject({ site_code: null, web_enabled: true, version: 0 });
    expect(await siteCodeOf(d.t.baseUrl, assistant.agent_id, BOB_KEY)).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('issues a passport per browser, each a new anonymous end user of the app, taken as X-App-Passport or Bearer', async () => {
    const [one, two] = [await webSession(d.t.baseUrl, appA), await webSession(d.t.baseUrl, appA)];
    const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims(one.passport)).toMatchObject({ sub: 'Web API Passport', app_id: appA, iss: appA, app_code: one.siteCode });
    expect(claims(one.passport).end_user_id).not.toBe(claims(two.passport).end_user_id);
    const endUser = await d.api('GET', `/v1/end-users/${claims(one.passport).end_user_id}`, (await d.newKey(appA)).key);
    expect(endUser.status).toBe(200);
    for (const carrier of ['x-app-passport', 'bearer'] as const) {
      expect(outcome(await one.api('GET', GUARDED, undefined, carrier))).toEqual(ACCEPTED);
    }
  });

  it("refuses a passport of app A at app B, and A's passport with B's X-App-Code", async () => {
    const a = await webSession(d.t.baseUrl, appA);
    const b = await webSession(d.t.baseUrl, appB, BOB_KEY);
    expect(outcome(await guarded(passportHeaders(b.siteCode, a.passport)))).toEqual({ status: 401, code: 'unauthorized' });
    expect(outcome(await guarded(passportHeaders(a.siteCode, b.passport, 'bearer')))).toEqual({ status: 401, code: 'unauthorized' });
    expect(outcome(await guarded({ 'x-app-passport': a.passport }))).toEqual({ status: 401, code: 'unauthorized' });
  });

  it("answers GET /api/passport 401 without X-App-Code and 404 for an unknown code, in Dify's envelope", async () => {
    const missing = await call(d.t.baseUrl, 'GET', '/api/passport', undefined, { key: null });
    expect(missing.body).toEqual({ code: 'unauthorized', message: expect.stringMatching(/^X-App-Code header is missing/), status: 401 });
    const unknown = await call(d.t.baseUrl, 'GET', '/api/passport', undefined, { key: null, headers: { 'x-app-code': 'no-such-code' } });
    expect(outcome(unknown)).toEqual({ status: 404, code: 'not_found' });
  });

  it('refuses expired, tampered, foreign-secret and unsigned tokens with 401 unauthorized, speaking of passports', async () => {
    const a = await webSession(d.t.baseUrl, appA);
    const secret = new TextEncoder().encode(readFileSync(join(d.t.dataDir, 'passport-secret'), 'utf8').trim());
    const claims = JSON.parse(Buffer.from(a.passport.split('.')[1], 'base64url').toString());
    const forged = { agentId: appA, siteCode: a.siteCode, endUserId: claims.end_user_id };
    const expired = await new PassportTokens(secret, 60_000, () => Date.now() - 120_000).issue(forged);
    const foreign = await new PassportTokens(new TextEncoder().encode('z'.repeat(40)), 60_000).issue(forged);
    const [header, payload, signature] = a.passport.split('.');
    const otherUser = Buffer.from(JSON.stringify({ ...claims, end_user_id: 'someone-else' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const [token, message] of [
      [expired, /^Token has expired\. Get a new passport with GET \/api\/passport\.$/],
      [foreign, /^Invalid token signature\./],
      [`${header}.${otherUser}.${signature}`, /^Invalid token signature\./],
      [`${none}.${payload}.`, /^Invalid token\./],
      ['garbage', /^Invalid token\./],
    ] as const) {
      const refused = await guarded(passportHeaders(a.siteCode, token));
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 401,
        body: { code: 'unauthorized', message: expect.stringMatching(message), status: 401 },
      });
    }
    const none2 = await guarded({ 'x-app-code': a.siteCode });
    expect(none2.body.message).toMatch(/^App token is missing: get a passport with GET \/api\/passport/);
  });

  it('refuses keys on passport routes and passports on every other route', async () => {
    const a = await webSession(d.t.baseUrl, appA);
    const appKey = (await d.newKey(appA)).key;
    for (const key of [appKey, BOB_KEY]) {
      const refused = await guarded({ 'x-app-code': a.siteCode, authorization: `Bearer ${key}` });
      expect(refused.body).toEqual({
        code: 'unauthorized',
        message: expect.stringMatching(/takes a passport, not an API key/),
        status: 401,
      });
    }
    for (const path of ['/v1/info', '/agents', '/threads', '/api/workflows']) {
      const refused = await call(d.t.baseUrl, 'GET', path, undefined, { key: a.passport, headers: { 'x-app-code': a.siteCode } });
      expect([path, refused.status]).toEqual([path, 401]);
    }
  });

  it('answers 403 once the owner switches the app off (and /api/passport 404), 401 after a code change, 404 once deleted', async () => {
    const agentId = await d.newAgent(ALICE_KEY, { slug: 'short-lived', name: 'S' });
    const s = await webSession(d.t.baseUrl, agentId);
    await d.api('PATCH', `/agents/${agentId}`, undefined, { web_enabled: false });
    expect(outcome(await s.api('GET', GUARDED))).toEqual({ status: 403, code: 'web_app_access_denied' });
    await expect(webPassport(d.t.baseUrl, s.siteCode)).rejects.toThrow(/answered 404/);
    await d.api('PATCH', `/agents/${agentId}`, undefined, { web_enabled: true });
    expect(outcome(await s.api('GET', GUARDED))).toEqual(ACCEPTED);
    const moved = (await d.api('PATCH', `/agents/${agentId}`, undefined, { site_code: 'moved-code-1' })).body.site_code;
    expect(outcome(await s.api('GET', GUARDED))).toEqual({ status: 401, code: 'unauthorized' });
    const renewed = await webPassport(d.t.baseUrl, moved);
    expect(outcome(await guarded(passportHeaders(moved, renewed)))).toEqual(ACCEPTED);
    // The old code is free again for any app.
    expect((await d.api('PATCH', `/agents/${appB}`, BOB_KEY, { site_code: s.siteCode })).status).toBe(200);
    await d.api('DELETE', `/agents/${agentId}`);
    expect(outcome(await guarded(passportHeaders(moved, renewed)))).toEqual({ status: 404, code: 'not_found' });
  });

  it('keeps DATA_DIR/passport-secret 0600 across restarts, so a passport outlives the process', async () => {
    const first = await startTestApp();
    const agentId = (await call(first.baseUrl, 'POST', '/agents', { slug: 'kept', name: 'K' })).body.agent_id;
    const s = await webSession(first.baseUrl, agentId);
    await first.close();
    const file = join(first.dataDir, 'passport-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const second = await startTestApp({}, first.dataDir);
    try {
      expect(readFileSync(file, 'utf8')).toBe(text);
      const answer = await call(second.baseUrl, 'GET', GUARDED, undefined, { key: null, headers: passportHeaders(s.siteCode, s.passport) });
      expect(outcome(answer)).toEqual(ACCEPTED);
    } finally {
      await second.close();
    }
    const third = await startTestApp({ PASSPORT_SECRET: 'q'.repeat(40) }, first.dataDir);
    try {
      const answer = await call(third.baseUrl, 'GET', GUARDED, undefined, { key: null, headers: passportHeaders(s.siteCode, s.passport) });
      expect(outcome(answer)).toEqual({ status: 401, code: 'unauthorized' });
    } finally {
      await third.close();
    }
  });
});
