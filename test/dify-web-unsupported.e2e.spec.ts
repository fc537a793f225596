import { startDifyTestApp, DifyTestApp } from './support/dify-app';
import { passportHeaders, webSession, WebSession } from './support/dify-web-passport';
import { ALICE_KEY, call } from './support/test-app';

const SIGN_IN = /GET \/api\/passport .*X-App-Code.*app key on \/v1/;
const CHAT_APP = /matches the right API route\. Every Forkline app is a chat app: use POST \/api\/chat-messages\.$/;

/** Each route Forkline does not serve: its method, path, whether Dify checks a passport first, and the answer. */
const UNSERVED: Array<[method: string, path: string, passport: boolean, status: number, code: string, message: RegExp]> = [
  ['POST', '/api/login', false, 404, 'not_found', SIGN_IN],
  ['POST', '/api/email-code-login', false, 404, 'not_found', SIGN_IN],
  ['POST', '/api/email-code-login/validity', false, 404, 'not_found', SIGN_IN],
  ['POST', '/api/forgot-password', false, 404, 'not_found', SIGN_IN],
  ['POST', '/api/forgot-password/resets', false, 404, 'not_found', SIGN_IN],
  ['POST', '/api/forgot-password/validity', false, 401, 'unauthorized', SIGN_IN],
  ['GET', '/api/login/status', false, 401, 'unauthorized', SIGN_IN],
  ['GET', '/api/enterprise/sso/saml/login', false, 404, 'not_found', SIGN_IN],
  ['GET', '/api/enterprise/sso/oidc/login', false, 404, 'not_found', SIGN_IN],
  ['GET', '/api/enterprise/sso/oauth2/login', false, 404, 'not_found', SIGN_IN],
  ['GET', '/api/enterprise/sso/members/saml/login', false, 404, 'not_found', SIGN_IN],
  ['GET', '/api/enterprise/sso/members/oidc/login', false, 404, 'not_found', SIGN_IN],
  ['GET', '/api/enterprise/sso/members/oauth2/login', false, 404, 'not_found', SIGN_IN],
  ['GET', '/api/form/human_input/some-token', false, 404, 'not_found', /no human-input forms/],
  ['POST', '/api/form/human_input/some-token', false, 404, 'not_found', /no human-input forms/],
  ['GET', '/api/saved-messages', true, 400, 'not_completion_app', CHAT_APP],
  ['POST', '/api/saved-messages', true, 400, 'not_completion_app', CHAT_APP],
  ['DELETE', '/api/saved-messages/8c7e3a52-0b1f-4f0e-9d55-1d0b8f3c2a10', true, 400, 'not_completion_app', CHAT_APP],
  ['POST', '/api/completion-messages', true, 400, 'not_completion_app', CHAT_APP],
  ['POST', '/api/completion-messages/task-1/stop', true, 400, 'not_completion_app', CHAT_APP],
  ['GET', '/api/messages/8c7e3a52-0b1f-4f0e-9d55-1d0b8f3c2a10/more-like-this', true, 400, 'not_completion_app', CHAT_APP],
  ['POST', '/api/workflows/run', true, 400, 'not_workflow_app', CHAT_APP],
  ['POST', '/api/workflows/tasks/task-1/stop', true, 400, 'not_workflow_app', CHAT_APP],
  ['GET', '/api/workflow/task-1/events', true, 400, 'not_workflow_app', CHAT_APP],
  ['POST', '/api/remote-files/upload', true, 400, 'invalid_param', /does not fetch URLs server-side .*POST \/api\/files\/upload/],
  ['GET', '/api/remote-files/https%3A%2F%2Fexample.com%2Fa.png', true, 400, 'invalid_param', /does not fetch URLs server-side/],
];

/** The documented name of a path parameter the table fills in. */
const paramOf = (path: string, value: string) =>
  value === 'some-token' ? 'form_token' : value.startsWith('https') ? 'url' : value === 'task-1' ? 'task_id' : 'message_id';

describe('Dify web API: bootstrap and unserved routes', () => {
  let d: DifyTestApp;
  let browser: WebSession;
  beforeAll(async () => {
    d = await startDifyTestApp();
    browser = await webSession(d.t.baseUrl, await d.newAgent(ALICE_KEY, { slug: 'web', name: 'Web' }));
  });
  afterAll(() => d.t.close());

  it.each(UNSERVED)(
    "%s %s answers its code in Dify's envelope, saying what to do instead, and writes nothing",
    async (method, path, passport, status, code, message) => {
      const before = await d.events.headPosition();
      const body = method === 'GET' || method === 'DELETE' ? undefined : { email: 'a@b.c', password: 'x', url: 'http://169.254.169.254/' };
      const headers = passport ? passportHeaders(browser.siteCode, browser.passport) : {};
      const answer = await call(d.t.baseUrl, method, path, body, { key: null, headers });
      expect({ status: answer.status, body: answer.body }).toEqual({
        status,
        body: { code, message: expect.stringMatching(message), status },
      });
      if (passport) {
        const without = await call(d.t.baseUrl, method, path, body, { key: null });
        expect([without.status, without.body.code]).toEqual([401, 'unauthorized']);
      }
      expect(await d.events.headPosition()).toBe(before);
    },
  );

  it('answers POST /api/logout 200 (a passport is no session: nothing to end) and writes nothing', async () => {
    const before = await d.events.headPosition();
    const answer = await call(d.t.baseUrl, 'POST', '/api/logout', undefined, { key: null });
    expect([answer.status, answer.body]).toEqual([200, { result: 'success' }]);
    expect(await d.events.headPosition()).toBe(before);
  });

  it('answers the bootstrap routes without a passport: no web-app sign-in, every app public', async () => {
    const features = await call(d.t.baseUrl, 'GET', '/api/system-features', undefined, { key: null });
    expect(features.status).toBe(200);
    expect(features.body).toMatchObject({
      sso_enforced_for_signin: false,
      enable_email_code_login: false,
      enable_email_password_login: false,
      is_allow_register: false,
      license: { status: 'none' },
      branding: { enabled: false },
      webapp_auth: {
        enabled: false,
        allow_sso: false,
        sso_config: { protocol: '' },
        allow_email_code_login: false,
        allow_email_password_login: false,
      },
    });
    for (const query of [`appCode=${browser.siteCode}`, 'appId=any-app']) {
      const mode = await call(d.t.baseUrl, 'GET', `/api/webapp/access-mode?${query}`, undefined, { key: null });
      expect([mode.status, mode.body]).toEqual([200, { accessMode: 'public' }]);
    }
    const permission = await call(d.t.baseUrl, 'GET', '/api/webapp/permission?appId=any-app', undefined, { key: null });
    expect([permission.status, permission.body]).toEqual([200, { result: true }]);
    for (const path of ['/api/webapp/access-mode', '/api/webapp/permission']) {
      const refused = await call(d.t.baseUrl, 'GET', path, undefined, { key: null });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code: 'invalid_param' });
    }
  });

  it('documents the passport, bootstrap and unserved routes with their shapes', async () => {
    const spec: any = await (await fetch(`${d.t.baseUrl}/docs-json`)).json();
    const ok = (path: string, method = 'get') => spec.paths[path][method].responses['200'].content['application/json'].schema.$ref;
    expect(ok('/api/passport')).toMatch(/PassportResponse$/);
    expect(spec.paths['/api/passport'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-App-Code' })]));
    expect(ok('/api/system-features')).toMatch(/SystemFeaturesResponse$/);
    expect(ok('/api/webapp/access-mode')).toMatch(/AccessModeResponse$/);
    expect(ok('/api/logout', 'post')).toMatch(/LogoutResponse$/);
    expect(Object.keys(spec.components.schemas.SystemFeaturesResponse.properties)).toEqual(
      expect.arrayContaining(['webapp_auth', 'license']),
    );
    for (const [method, path, , status] of UNSERVED) {
      const documented =
        spec.paths[path.replace(/\/(8c7e[^/]+|task-1|some-token|https[^/]+)/, (_m, id: string) => `/{${paramOf(path, id)}}`)];
      expect([method, path, Object.keys(documented?.[method.toLowerCase()]?.responses ?? {})]).toEqual([
        method,
        path,
        expect.arrayContaining([String(status)]),
      ]);
    }
  });

  it("answers an unknown web path in Dify's envelope and the playground's in its own", async () => {
    const web = await call(d.t.baseUrl, 'GET', '/api/webapp/nothing-here', undefined, { key: null });
    expect(web.body).toEqual({ code: 'not_found', message: expect.stringMatching(/^The requested URL was not found/), status: 404 });
    const playground = await call(d.t.baseUrl, 'GET', '/api/chat/playground/x/nothing-here');
    expect(playground.body).toEqual({ detail: expect.any(String) });
  });
});
