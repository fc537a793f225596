import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { WebSession, webSession } from './support/dify-web-passport';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

const GONE = { code: 'not_found', message: 'Conversation Not Exists.', status: 404 };

/**
 * Two browsers of one app and a browser of another app: no one reaches another's conversations, messages or tasks on
 * any route (404 "Conversation Not Exists." or an empty list, as Dify answers), and no refused request writes anything.
 */
describe('Dify web API: passports kept apart, nothing written on errors', () => {
  let d: DifyTestApp;
  let owner: WebSession;
  let sameApp: WebSession;
  let otherApp: WebSession;
  let conversation: string;
  let message: string;
  let task: string;

  beforeAll(async () => {
    d = await startDifyTestApp();
    const agentA = await d.newAgent(ALICE_KEY, { slug: 'iso-a', name: 'A' });
    const agentB = await d.newAgent(BOB_KEY, { slug: 'iso-b', name: 'B' });
    [owner, sameApp, otherApp] = [
      await webSession(d.t.baseUrl, agentA),
      await webSession(d.t.baseUrl, agentA),
      await webSession(d.t.baseUrl, agentB, BOB_KEY),
    ];
    const sent = await owner.api('POST', '/api/chat-messages', { inputs: {}, query: 'Mine only', response_mode: 'blocking' });
    expect(sent.status).toBe(200);
    ({ conversation_id: conversation, message_id: message, task_id: task } = sent.body);
    expect((await owner.api('PATCH', `/api/conversations/${conversation}/pin`)).status).toBe(200);
  });
  afterAll(() => d.t.close());

  /** Runs `request` and checks that the log did not move. */
  const unwritten = async <T>(request: () => Promise<T>): Promise<T> => {
    const before = await d.events.headPosition();
    const answer = await request();
    expect(await d.events.headPosition()).toBe(before);
    return answer;
  };

  it.each([
    ['same app', () => sameApp],
    ['other app', () => otherApp],
  ])('hides the conversation from a passport of the %s on every route', async (_, who) => {
    const s = who();
    const refusals: Array<[string, string, unknown?]> = [
      ['GET', `/api/messages?conversation_id=${conversation}`],
      ['POST', `/api/conversations/${conversation}/name`, { name: 'taken' }],
      ['DELETE', `/api/conversations/${conversation}`],
      ['PATCH', `/api/conversations/${conversation}/pin`],
      ['POST', '/api/chat-messages', { inputs: {}, query: 'in yours', conversation_id: conversation }],
    ];
    for (const [method, path, body] of refusals) {
      const answer = await unwritten(() => s.api(method, path, body));
      expect([method, path, answer.status, answer.body]).toEqual([method, path, 404, GONE]);
    }
    const notMine = { code: 'not_found', message: expect.any(String), status: 404 };
    for (const [method, path, body] of [
      ['POST', `/api/messages/${message}/feedbacks`, { rating: 'like' }],
      ['GET', `/api/messages/${message}/suggested-questions`],
    ] as Array<[string, string, unknown?]>) {
      const answer = await unwritten(() => s.api(method, path, body));
      expect([path, answer.status, answer.body]).toEqual([path, 404, notMine]);
    }
    // Dify's answers that reveal nothing: success for another's task and pin, empty lists.
    expect((await unwritten(() => s.api('POST', `/api/chat-messages/${task}/stop`))).body).toEqual({ result: 'success' });
    expect((await unwritten(() => s.api('PATCH', `/api/conversations/${conversation}/unpin`))).body).toEqual({ result: 'success' });
    for (const pinned of ['', '?pinned=true', '?pinned=false']) {
      expect((await s.api('GET', `/api/conversations${pinned}`)).body).toEqual({ limit: 20, has_more: false, data: [] });
    }
    expect((await owner.api('GET', '/api/conversations?pinned=true')).body.data.map((c: any) => c.id)).toEqual([conversation]);
  });

  it('writes nothing on bad input, answering in Dify envelope naming the field', async () => {
    const bad: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/chat-messages', { query: 'no inputs' }, 400, 'inputs'],
      ['POST', '/api/chat-messages', { inputs: {}, query: '   ' }, 400, 'query'],
      ['POST', '/api/chat-messages', { inputs: {}, query: 'x', parent_message_id: 'nope' }, 400, 'parent_message_id'],
      ['POST', '/api/chat-messages', { inputs: {}, query: 'x', response_mode: 'fast' }, 400, 'response_mode'],
      ['GET', '/api/conversations?pinned=yes', undefined, 400, 'pinned'],
      ['GET', '/api/conversations?limit=101', undefined, 400, 'limit'],
      ['GET', '/api/conversations?sort_by=name', undefined, 400, 'sort_by'],
      ['GET', '/api/messages', undefined, 400, 'conversation_id'],
      ['POST', `/api/conversations/${conversation}/name`, { name: ' ' }, 400, 'name'],
      ['POST', `/api/messages/${message}/feedbacks`, { rating: 'meh' }, 400, 'rating'],
      ['GET', `/api/conversations/not-a-uuid/pin`, undefined, 404, ''],
      ['PATCH', '/api/conversations/not-a-uuid/pin', undefined, 400, 'conversation_id'],
    ];
    for (const [method, path, body, status, field] of bad) {
      const answer = await unwritten(() => owner.api(method, path, body));
      expect([path, answer.status, answer.body.status, typeof answer.body.code]).toEqual([path, status, status, 'string']);
      expect(answer.body.message).toContain(field);
    }
  });
});
