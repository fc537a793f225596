import { ALICE_KEY, call, JsonResponse } from './test-app';

/** How a Dify web front end sends its passport: Dify's newer `X-App-Passport`, or the older `Authorization: Bearer`. */
export type PassportCarrier = 'x-app-passport' | 'bearer';

/** The agent's site code (X-App-Code) as its owner sees it; an agent without one yet (the default agent) is given one. */
export async function siteCodeOf(baseUrl: string, agentId: string, ownerKey = ALICE_KEY): Promise<string> {
  const shown = await call(baseUrl, 'GET', `/agents/${agentId}`, undefined, { key: ownerKey });
  if (shown.status !== 200) throw new Error(`GET /agents/${agentId} answered ${shown.status}: ${JSON.stringify(shown.body)}`);
  if (shown.body.site_code) return shown.body.site_code;
  const given = await call(baseUrl, 'PATCH', `/agents/${agentId}`, { web_enabled: true }, { key: ownerKey });
  return given.body.site_code;
}

/** GET /api/passport for the app of `siteCode`, as a browser asks: the passport, or an error naming the answer. */
export async function webPassport(baseUrl: string, siteCode: string): Promise<string> {
  const answer = await call(baseUrl, 'GET', '/api/passport', undefined, { key: null, headers: { 'x-app-code': siteCode } });
  if (answer.status !== 200) throw new Error(`GET /api/passport answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.access_token;
}

/** A web app's browser session: its code and passport, and calls to /api that carry both. */
export interface WebSession {
  siteCode: string;
  passport: string;
  api: (method: string, path: string, body?: unknown, carrier?: PassportCarrier) => Promise<JsonResponse>;
}

/** The headers of a passport request of the app of `siteCode`. */
export const passportHeaders = (siteCode: string, passport: string, carrier: PassportCarrier = 'x-app-passport') => ({
  'x-app-code': siteCode,
  ...(carrier === 'bearer' ? { authorization: `Bearer ${passport}` } : { 'x-app-passport': passport }),
});

/** A new browser of the agent's web app: a passport (a new anonymous end user) fetched over HTTP. */
export async function webSession(baseUrl: string, agentId: string, ownerKey = ALICE_KEY): Promise<WebSession> {
  const siteCode = await siteCodeOf(baseUrl, agentId, ownerKey);
  const passport = await webPassport(baseUrl, siteCode);
  return {
    siteCode,
    passport,
    api: (method, path, body, carrier) =>
      call(baseUrl, method, path, body, { key: null, headers: passportHeaders(siteCode, passport, carrier) }),
  };
}
