import fc from 'fast-check';
import { AgentSaga } from '@forkline/agent';
import { EVENT_STORE, EventStore } from './support/events';
import { ALICE_KEY, BOB_KEY, startTestApp, TestApp } from './support/test-app';
import { siteCodeOf, webPassport } from './support/dify-web-passport';
import { isDifyWebRequest } from '../apps/api/src/http/dify-web-paths';

/**
 * Random bodies, path ids, queries and headers at every route. Whatever comes in: never a 5xx, and a
 * refused request appends nothing to the log.
 */
describe('property: no input makes a route fail with 5xx or write on refusal', () => {
  let t: TestApp;
  let events: EventStore;
  let agent: AgentSaga;
  /** Stand-ins the property draws, replaced by real values made in beforeAll: an app key and the agent it belongs to. */
  const real: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
    agent = t.app.get(AgentSaga);
    for (const [id, key] of [
      ['alice-thread', ALICE_KEY],
      ['bob-thread', BOB_KEY],
    ]) {
      await fetch(`${t.baseUrl}/commands/create-thread`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ thread_id: id }),
      });
    }
    const agents = await fetch(`${t.baseUrl}/agents`, { headers: { authorization: `Bearer ${ALICE_KEY}` } });
    real.AGENT_ID = ((await agents.json()) as Array<{ agent_id: string }>)[0].agent_id;
    const created = await fetch(`${t.baseUrl}/agents/${real.AGENT_ID}/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE_KEY}` },
    });
    real.APP_KEY = ((await created.json()) as { key: string }).key;
    real.SITE_CODE = await siteCodeOf(t.baseUrl, real.AGENT_ID);
    real.PASSPORT = await webPassport(t.baseUrl, real.SITE_CODE);
  });
  afterAll(() => t.close());
  const stoodIn = (text: string) => text.replace(/AGENT_ID|APP_KEY|SITE_CODE|PASSPORT/g, (name) => real[name]);

  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
  const anyText = fc.oneof(printable, fc.string({ maxLength: 40 }), fc.constant(''), fc.constant('x'.repeat(300)));
  const threadId = fc.oneof(fc.constantFrom('alice-thread', 'bob-thread', 'no-such-thread', '0', '-1', 'AGENT_ID', 'assistant'), anyText);
  const fieldValue = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }), threadId);
  const knownThread = fc.constantFrom('alice-thread', 'bob-thread');
  const body = fc.oneof(
    fc.record({ thread_id: knownThread, content: anyText }),
    fc.record({ source_thread_id: knownThread, event_number: fc.integer({ min: -2, max: 4 }) }),
    fc.record(
      {
        input: anyText,
        files: fc.array(fc.record({ id: fieldValue, name: fieldValue }, { requiredKeys: [] }), { maxLength: 2 }),
        metadata: fieldValue,
      },
      { requiredKeys: [] },
    ),
    fc.record(
      { name: fieldValue, description: fieldValue, tags: fc.oneof(fc.array(anyText, { maxLength: 3 }), fieldValue) },
      { requiredKeys: [] },
    ),
    fc.record({ thread_id: fieldValue, content: fieldValue }, { requiredKeys: [] }),
    fc.record(
      { text: fc.oneof(anyText, fieldValue), trigger_node_id: fc.oneof(fc.constant('trigger_chat'), fieldValue) },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        slug: fc.oneof(fc.constantFrom('helper', 'assistant', 'Bad Slug'), fieldValue),
        name: fieldValue,
        mode: fc.oneof(fc.constantFrom('chat', 'actionplan', 'react'), fieldValue),
        model: fc.oneof(fc.constantFrom('offline', 'openai:x', 'nope'), fieldValue),
        system_prompt: fieldValue,
        tools: fc.oneof(fc.array(fc.constantFrom('calculator', 'current_time', 'rm'), { maxLength: 3 }), fieldValue),
        triggers: fc.oneof(
          fc.array(fc.record({ node_id: fieldValue, type: fc.oneof(fc.constant('trigger_chat'), fieldValue) })),
          fieldValue,
        ),
        metadata: fieldValue,
        agent_id: fieldValue,
      },
      { requiredKeys: [] },
    ),
    fc.record({ source_thread_id: fieldValue, event_number: fc.oneof(fc.integer({ min: -3, max: 5 }), fieldValue) }, { requiredKeys: [] }),
    fc.dictionary(printable, fieldValue, { maxKeys: 4 }).map((d) => JSON.stringify(d)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    anyText, // mostly not JSON at all
  );
  const routes = fc.constantFrom(
    ['POST', '/commands/create-thread'],
    ['POST', '/commands/send-message'],
    ['POST', '/commands/fork-thread'],
    ['GET', '/threads'],
    ['GET', '/threads/:id/messages'],
    ['GET', '/threads/:id/branches'],
    ['GET', '/threads/:id/head'],
    ['GET', '/threads/:id/stream'],
    ['GET', '/health'],
    ['GET', '/metrics'],
    ['DELETE', '/threads/:id/head'],
    ['POST', '/api/chat/playground/start'],
    ['POST', '/api/chat/playground/:id/stop'],
    ['GET', '/api/chat/playground/:id/chatData'],
    ['GET', '/api/workflows/'],
    ['GET', '/api/workflows/:id'],
    ['PUT', '/api/workflows/:id'],
    ['DELETE', '/api/workflows/:id'],
    ['GET', '/api/workflows/:id/status'],
    ['GET', '/api/workflows/:id/logs'],
    ['GET', '/api/workflows/:id/messages'],
    ['DELETE', '/api/workflows/:id/messages/:id'],
    ['DELETE', '/api/workflows/:id/messages/:id/files/:id'],
    ['POST', '/agents'],
    ['GET', '/agents'],
    ['GET', '/agents/:id'],
    ['PATCH', '/agents/:id'],
    ['DELETE', '/agents/:id'],
    ['GET', '/api/v1/workflows/'],
    ['GET', '/api/v1/workflows/:id/'],
    ['POST', '/api/v1/workflows/:id/chat/'],
    ['GET', '/api/v1/workflows/:id/chat/history'],
    ['DELETE', '/api/v1/workflows/:id/chat/history'],
    ['POST', '/agents/:id/api-keys'],
    ['GET', '/agents/:id/api-keys'],
    ['DELETE', '/agents/:id/api-keys/:id'],
    ['GET', '/v1'],
    ['GET', '/v1/parameters'],
    ['GET', '/v1/meta'],
    ['GET', '/v1/info'],
    ['GET', '/v1/site'],
    ['GET', '/v1/end-users/:id'],
    ['GET', '/api/v1/executions/:id'],
    ['POST', '/api/v1/executions/:id/cancel'],
    ['POST', '/v1/chat-messages'],
    ['POST', '/v1/chat-messages/:id/stop'],
    ['GET', '/v1/conversations'],
    ['GET', '/v1/messages'],
    ['POST', '/v1/conversations/:id/name'],
    ['DELETE', '/v1/conversations/:id'],
    ['POST', '/v1/audio-to-text'],
    ['POST', '/v1/text-to-audio'],
    ['POST', '/v1/completion-messages'],
    ['POST', '/v1/completion-messages/:id/stop'],
    ['POST', '/v1/workflows/run'],
    ['POST', '/v1/workflows/:id/run'],
    ['POST', '/v1/workflows/tasks/:id/stop'],
    ['POST', '/v1/files/upload'],
    ['GET', '/v1/files/:id/preview'],
    ['POST', '/v1/apps/annotations'],
    ['GET', '/v1/apps/annotations'],
    ['PUT', '/v1/apps/annotations/:id'],
    ['DELETE', '/v1/apps/annotations/:id'],
    ['POST', '/v1/apps/annotation-reply/:id'],
    ['GET', '/v1/apps/annotation-reply/:id/status/:id'],
    ['GET', '/v1/workflows/logs'],
    ['GET', '/v1/workflows/run/:id'],
    ['POST', '/v1/messages/:id/feedbacks'],
    ['GET', '/v1/app/feedbacks'],
    ['GET', '/v1/messages/:id/suggested'],
    ['GET', '/v1/conversations/:id/variables'],
    ['PUT', '/v1/conversations/:id/variables/:id'],
    ['POST', '/langgraph/threads/:id/runs'],
    ['POST', '/langgraph/threads/:id/runs/stream'],
    ['POST', '/langgraph/threads/:id/runs/wait'],
    ['GET', '/langgraph/threads/:id/runs'],
    ['GET', '/langgraph/threads/:id/runs/:id'],
    ['GET', '/langgraph/threads/:id/runs/:id/join'],
    ['GET', '/langgraph/threads/:id/runs/:id/stream'],
    ['POST', '/langgraph/threads/:id/runs/:id/cancel'],
    ['POST', '/langgraph/runs/stream'],
    ['POST', '/langgraph/runs/wait'],
    ['GET', '/'],
    ['GET', '/playground/:id'],
    ['GET', '/langgraph/ok'],
    ['GET', '/langgraph/info'],
    ['POST', '/langgraph/assistants/search'],
    ['GET', '/langgraph/assistants/:id'],
    ['GET', '/langgraph/assistants/:id/graph'],
    ['POST', '/langgraph/threads'],
    ['POST', '/langgraph/threads/search'],
    ['POST', '/langgraph/threads/count'],
    ['GET', '/langgraph/threads/:id'],
    ['PATCH', '/langgraph/threads/:id'],
    ['DELETE', '/langgraph/threads/:id'],
    ['POST', '/langgraph/threads/:id/copy'],
    ['GET', '/langgraph/threads/:id/state'],
    ['GET', '/langgraph/threads/:id/state/:id'],
    ['POST', '/langgraph/threads/:id/state/checkpoint'],
    ['POST', '/langgraph/threads/:id/state'],
    ['GET', '/langgraph/threads/:id/history'],
    ['POST', '/langgraph/threads/:id/history'],
    ['GET', '/api/passport'],
    ['GET', '/api/system-features'],
    ['GET', '/api/webapp/access-mode'],
    ['GET', '/api/webapp/permission'],
    ['POST', '/api/login'],
    ['GET', '/api/login/status'],
    ['POST', '/api/logout'],
    ['POST', '/api/forgot-password/validity'],
    ['GET', '/api/saved-messages'],
    ['DELETE', '/api/saved-messages/:id'],
    ['POST', '/api/completion-messages'],
    ['GET', '/api/messages/:id/more-like-this'],
    ['POST', '/api/workflows/run'],
    ['POST', '/api/workflows/tasks/:id/stop'],
    ['GET', '/api/workflow/:id/events'],
    ['POST', '/api/form/human_input/:id'],
    ['POST', '/api/remote-files/upload'],
    ['POST', '/api/chat-messages'],
    ['POST', '/api/chat-messages/:id/stop'],
    ['GET', '/api/conversations'],
    ['PATCH', '/api/conversations/:id/pin'],
    ['PATCH', '/api/conversations/:id/unpin'],
    ['POST', '/api/conversations/:id/name'],
    ['DELETE', '/api/conversations/:id'],
    ['GET', '/api/messages'],
    ['POST', '/api/messages/:id/feedbacks'],
    ['GET', '/api/messages/:id/suggested-questions'],
    ['GET', '/api/parameters'],
    ['GET', '/api/meta'],
    ['GET', '/api/site'],
    ['POST', '/api/files/upload'],
    ['POST', '/api/audio-to-text'],
    ['POST', '/api/text-to-audio'],
  );
  const authorization = fc.oneof(
    { arbitrary: fc.constant(`Bearer ${ALICE_KEY}`), weight: 4 },
    { arbitrary: fc.constant(`Bearer ${BOB_KEY}`), weight: 2 },
    { arbitrary: fc.constant('Bearer APP_KEY'), weight: 3 },
    { arbitrary: fc.constant('Bearer PASSPORT'), weight: 3 },
    fc.constant(undefined),
    printable.map((s) => `Bearer ${s}`),
    printable,
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=fuzz',
    undefined,
  );

  it('holds for 400 random requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        routes,
        threadId,
        body,
        authorization,
        contentType,
        fc.option(anyText),
        async ([method, route], id, payload, auth, type, checkpoint) => {
          await agent.idle();
          const before = await events.headPosition();
          const params = [
            'checkpoint_id',
            'afterTimestamp',
            'logId',
            'messageId',
            'workflowId',
            'workflowMode',
            'last_event_id',
            'from_event_number',
            'limit',
            'before',
            'offset',
            'user',
            'conversation_id',
            'last_id',
            'first_id',
            'limit',
            'sort_by',
            'pinned',
          ];
          const param = params[checkpoint?.length ? checkpoint.length % params.length : 0];
          const query = checkpoint === null ? '' : `?${param}=${encodeURIComponent(checkpoint)}`;
          const headers: Record<string, string> = {};
          if (auth !== undefined) headers.authorization = stoodIn(auth);
          if (type !== undefined) headers['content-type'] = type;
          if (checkpoint?.length !== 1) headers['x-app-code'] = real.SITE_CODE;
          const abort = new AbortController();
          const response = await fetch(t.baseUrl + route.replaceAll(':id', encodeURIComponent(stoodIn(id))) + query, {
            method,
            headers,
            body: ['POST', 'PUT', 'PATCH'].includes(method) ? (typeof payload === 'string' ? payload : JSON.stringify(payload)) : undefined,
            signal: abort.signal,
          });
          // An accepted stream never ends by itself: its status is all there is to check.
          if (response.status === 200 && response.headers.get('content-type')?.startsWith('text/event-stream')) return abort.abort();
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            // The Dify service API answers in Dify's envelope, every other face with FastAPI's.
            const shape =
              route.startsWith('/v1') || isDifyWebRequest(method, route)
                ? { code: expect.any(String), message: expect.any(String), status: response.status }
                : { detail: expect.any(String) };
            expect(JSON.parse(text)).toEqual(shape);
            expect(await events.headPosition()).toBe(before);
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});
