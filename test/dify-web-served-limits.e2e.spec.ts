import { EVENT_STORE, EventStore } from './support/events';
import { passportHeaders, webPassport } from './support/dify-web-passport';
import { call, startTestApp, TestApp } from './support/test-app';

const ID = '00000000-0000-4000-8000-000000000001';
const SERVED: Array<[string, string]> = [
  ['POST', '/api/chat-messages'],
  ['POST', `/api/chat-messages/${ID}/stop`],
  ['GET', '/api/conversations'],
  ['PATCH', `/api/conversations/${ID}/pin`],
  ['PATCH', `/api/conversations/${ID}/unpin`],
  ['POST', `/api/conversations/${ID}/name`],
  ['DELETE', `/api/conversations/${ID}`],
  ['GET', `/api/messages?conversation_id=${ID}`],
  ['POST', `/api/messages/${ID}/feedbacks`],
  ['GET', `/api/messages/${ID}/suggested-questions`],
  ['GET', '/api/parameters'],
  ['GET', '/api/meta'],
  ['GET', '/api/site'],
  ['POST', '/api/files/upload'],
  ['POST', '/api/audio-to-text'],
  ['POST', '/api/text-to-audio'],
];

/** Every served web route counts against the app owner's rate limit and, over it, answers 429 in Dify's envelope, writing nothing. */
describe("Dify web API's served routes under the rate limit", () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('refuses each route once the owner has spent the budget', async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    const code = (await call(t.baseUrl, 'POST', '/agents', { slug: 'limited', name: 'Limited' })).body.site_code;
    const passport = await webPassport(t.baseUrl, code);
    expect((await call(t.baseUrl, 'GET', '/api/meta', undefined, { key: null, headers: passportHeaders(code, passport) })).status).toBe(
      200,
    );
    const events = t.app.get<EventStore>(EVENT_STORE);
    const before = await events.headPosition();
    for (const [method, path] of SERVED) {
      const body = method === 'GET' ? undefined : { inputs: {}, query: 'hi' };
      const answer = await call(t.baseUrl, method, path, body, { key: null, headers: passportHeaders(code, passport) });
      expect([method, path, answer.status, answer.body]).toEqual([
        method,
        path,
        429,
        { code: 'too_many_requests', message: expect.any(String), status: 429 },
      ]);
    }
    expect(await events.headPosition()).toBe(before);
  });
});
