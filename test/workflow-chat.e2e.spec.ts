import { AgentSaga } from '@forkline/agent';
import { runIdFor } from '@forkline/domain';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { conversationThreadId } from '../apps/api/src/workflow-chat/conversation-thread';
import { EVENT_STORE, EventStore } from './support/events';
import { servedAndRebuilt } from './support/rebuild-check';
import { ChatRequestMessage, FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { ALICE_KEY, BOB_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** workflow-chat-api.md over real HTTP, answered by the agent through a loopback OpenAI-compatible server. */
describe('workflow chat face (Pipelit): /api/v1/workflows/{slug}/chat/', () => {
  let t: TestApp;
  let fake: FakeOpenAi;
  let events: EventStore;
  const agents: Record<string, string> = {};
  const text = (m: ChatRequestMessage) => m.content ?? '';

  const api = (method: string, path: string, body?: unknown, key = ALICE_KEY) => call(t.baseUrl, method, path, body, { key });
  const history = (slug: string, query = '', key = ALICE_KEY) =>
    api('GET', `/api/v1/workflows/${slug}/chat/history${query}`, undefined, key);
  const createAgent = async (slug: string, triggers: unknown[] = [{ node_id: 'chat_trigger_1', type: 'trigger_chat' }]) => {
    const response = await api('POST', '/agents', { slug, name: slug, triggers });
    expect(response.status).toBe(200);
    agents[slug] = response.body.agent_id;
  };
  const answered = (slug: string, count: number) =>
    eventually(
      () => history(slug, '?limit=100'),
      (r) => r.body.messages.length >= count,
    );

  beforeAll(async () => {
    fake = await startFakeOpenAi((messages) => `Echo: ${text(messages[messages.length - 1])} (${messages.length} seen)`);
    t = await startTestApp({ MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key' });
    events = t.app.get(EVENT_STORE);
    await createAgent('my-chatbot');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it("serves the seed's examples: the message starts an execution, the history shows both messages with ISO timestamps", async () => {
    // curl -X POST http://localhost:8000/api/v1/workflows/my-chatbot/chat/ -d '{"text": "Hello, I need help with my order"}'
    const sent = await fetch(`${t.baseUrl}/api/v1/workflows/my-chatbot/chat/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ALICE_KEY}`, 'Content-Type': 'application/json' },
      body: '{"text": "Hello, I need help with my order"}',
    });
    expect(sent.status).toBe(200);
    const body = (await sent.json()) as { execution_id: string };
    expect(body).toEqual({ execution_id: expect.stringMatching(UUID), status: 'pending', response: '' });

    // curl "http://localhost:8000/api/v1/workflows/my-chatbot/chat/history?limit=20"
    const page = (await answered('my-chatbot', 2)).body;
    expect(page).toEqual({
      messages: [
        { role: 'user', text: 'Hello, I need help with my order', timestamp: expect.stringMatching(ISO) },
        { role: 'assistant', text: 'Echo: Hello, I need help with my order (1 seen)', timestamp: expect.stringMatching(ISO) },
      ],
      thread_id: `alice:${agents['my-chatbot']}`,
      has_more: false,
    });
    expect(page.messages[0].timestamp < page.messages[1].timestamp).toBe(true);

    // The execution is the run that answered: its id was known when the message was sent.
    const threadId = conversationThreadId('alice', agents['my-chatbot']);
    const log = (await api('GET', `/threads/${threadId}/events`)).body as Array<{ type: string; data: Record<string, string> }>;
    const message = log.find((e) => e.type === 'UserMessageAdded')!;
    expect(runIdFor(threadId, message.data.messageId)).toBe(body.execution_id);
    expect(log.find((e) => e.type === 'RunCompleted')?.data.runId).toBe(body.execution_id);
  });

  it("lists and shows the caller's workflows (agents) in Pipelit's shape; another user's is not found", async () => {
    const list = await api('GET', '/api/v1/workflows/');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(list.body.items.length);
    expect(list.body.items.map((w: { slug: string }) => w.slug).slice(0, 2)).toEqual(['assistant', 'my-chatbot']);
    expect(list.body.items[1]).toMatchObject({
      id: agents['my-chatbot'],
      slug: 'my-chatbot',
      name: 'my-chatbot',
      is_active: true,
      is_default: false,
      node_count: 2,
      edge_count: 1,
      created_at: expect.stringMatching(ISO),
    });
    expect((await api('GET', '/api/v1/workflows/?limit=1&offset=1')).body).toEqual({ items: [list.body.items[1]], total: list.body.total });
    const detail = await api('GET', '/api/v1/workflows/my-chatbot/');
    expect(detail.body.nodes.map((n: { node_id: string; component_type: string }) => [n.node_id, n.component_type])).toEqual([
      ['chat_trigger_1', 'trigger_chat'],
      ['agent', 'agent'],
    ]);
    expect((await api('GET', '/api/v1/workflows/assistant/')).body).toMatchObject({ slug: 'assistant', is_default: true });
    expect(await api('GET', '/api/v1/workflows/my-chatbot/', undefined, BOB_KEY)).toMatchObject({
      status: 404,
      body: { detail: 'Workflow not found.' },
    });
    expect((await api('GET', '/api/v1/workflows/?limit=0')).status).toBe(400);
  });

  it('documents the routes with their request and response shapes', async () => {
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    expect(Object.keys(spec.paths['/api/v1/workflows/{slug}/chat'])).toEqual(['post']);
    expect(Object.keys(spec.paths['/api/v1/workflows/{slug}/chat/history']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(spec.paths['/api/v1/workflows'])).toEqual(['get']);
    expect(Object.keys(spec.paths['/api/v1/workflows/{slug}'])).toEqual(['get']);
    const json = (op: any, status: string) => op.responses[status].content['application/json'].schema.$ref;
    const chat = spec.paths['/api/v1/workflows/{slug}/chat'].post;
    expect(chat.requestBody.content['application/json'].schema.$ref).toMatch(/ChatMessageIn$/);
    expect(json(chat, '200')).toMatch(/ChatMessageOut$/);
    expect(json(chat, '404')).toMatch(/ErrorBody$/);
    expect(json(spec.paths['/api/v1/workflows/{slug}/chat/history'].get, '200')).toMatch(/ChatHistoryOut$/);
    expect(spec.paths['/api/v1/workflows/{slug}/chat/history'].delete.responses['204']).toBeDefined();
    expect(json(spec.paths['/api/v1/workflows'].get, '200')).toMatch(/WorkflowListOut$/);
    expect(json(spec.paths['/api/v1/workflows/{slug}'].get, '200')).toMatch(/WorkflowDetailOut$/);
    expect(spec.components.schemas.ChatMessageIn.required).toEqual(['text']);
    expect(Object.keys(spec.components.schemas.ChatHistoryMessage.properties)).toEqual(['role', 'text', 'timestamp']);
    const operationIds = Object.values(spec.paths).flatMap((p: any) => Object.values(p).map((op: any) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('pages back through 25 turns with limit=10 and before, missing and repeating nothing', async () => {
    await createAgent('pager');
    for (let i = 1; i <= 25; i++) {
      expect((await api('POST', '/api/v1/workflows/pager/chat/', { text: `turn ${i}` })).status).toBe(200);
      await answered('pager', 2 * i); // a turn: the question and its answer
    }
    const seen: Array<{ role: string; text: string; timestamp: string }> = [];
    let before: string | undefined;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(6);
      const page = (await history('pager', `?limit=10${before ? `&before=${encodeURIComponent(before)}` : ''}`)).body;
      seen.unshift(...page.messages);
      if (!page.has_more) break;
      expect(page.messages).toHaveLength(10);
      before = page.messages[0].timestamp;
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen.map((m) => m.timestamp)).size).toBe(50);
    const expected = Array.from({ length: 25 }, (_, i) => [`turn ${i + 1}`, `Echo: turn ${i + 1} (${2 * i + 1} seen)`]).flat();
    expect(seen.map((m) => m.text)).toEqual(expected);
    expect(seen.map((m) => m.role)).toEqual(Array.from({ length: 50 }, (_, i) => (i % 2 ? 'assistant' : 'user')));
  });

  it('clears the history with 204: the history is empty, the agent forgets the earlier turns, the log keeps the clear', async () => {
    await createAgent('forgetful');
    await api('POST', '/api/v1/workflows/forgetful/chat/', { text: 'my secret is 42' });
    await answered('forgetful', 2);

    const cleared = await fetch(`${t.baseUrl}/api/v1/workflows/forgetful/chat/history`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ALICE_KEY}` },
    });
    expect(cleared.status).toBe(204);
    expect(await cleared.text()).toBe('');
    expect((await history('forgetful')).body).toEqual({ messages: [], thread_id: `alice:${agents.forgetful}`, has_more: false });
    const threadId = conversationThreadId('alice', agents.forgetful);
    expect((await api('GET', `/threads/${threadId}/head`)).body).toMatchObject({ latest_ai_message_id: null, latest_checkpoint_id: null });

    const requestsBefore = fake.requests.length;
    await api('POST', '/api/v1/workflows/forgetful/chat/', { text: 'what is my secret?' });
    const after = (await answered('forgetful', 2)).body.messages;
    expect(after.map((m: { text: string }) => m.text)).toEqual(['what is my secret?', 'Echo: what is my secret? (1 seen)']);
    const prompts = fake.requests.slice(requestsBefore).map((r) => (r.body.messages as ChatRequestMessage[]).map(text));
    expect(prompts).toEqual([['what is my secret?']]);

    const log = (await api('GET', `/threads/${threadId}/events`)).body as Array<{
      type: string;
      actor: string;
      occurred_at: string;
      event_number: number;
    }>;
    expect(log.find((e) => e.type === 'HistoryCleared')).toMatchObject({ actor: 'alice', occurred_at: expect.stringMatching(ISO) });
    expect(log.filter((e) => e.type === 'UserMessageAdded')).toHaveLength(2);
    expect((await api('GET', `/threads/${threadId}/messages`)).body.map((m: { content: string }) => m.content)).toEqual([
      'what is my secret?',
      'Echo: what is my secret? (1 seen)',
    ]);
    // Time travel: the thread as it was before the clear still shows the earlier turn.
    const clearedAt = log.find((e) => e.type === 'HistoryCleared')!.event_number;
    const past = (await api('GET', `/threads/${threadId}/state?event_number=${clearedAt - 1}`)).body;
    expect(past.messages.map((m: { content: string }) => m.content)).toEqual(['my secret is 42', 'Echo: my secret is 42 (1 seen)']);
    const now = (await api('GET', `/threads/${threadId}/state?event_number=${clearedAt}`)).body;
    expect(now.messages).toEqual([]);
  });

  it('keeps the read models equal to a rebuild from the log, clears included', async () => {
    const { served, rebuilt } = await servedAndRebuilt(events, t.app.get<ReadStore>(READ_STORE));
    expect(rebuilt.find((d) => d.table === 'history_clears')!.rows.length).toBeGreaterThan(0);
    expect(served).toEqual(rebuilt);
  });

  it('clears a run in progress: it ends stopped, and nothing of it is written after the clear', async () => {
    // The offline model, streaming slowly: the clear comes while it streams.
    const s = await startTestApp({ MODEL: 'offline', OFFLINE_TOKEN_DELAY_MS: '100' });
    try {
      const sent = (await call(s.baseUrl, 'POST', '/api/v1/workflows/assistant/chat/', { text: 'take your time' })).body;
      const threadId = conversationThreadId('alice', (await call(s.baseUrl, 'GET', '/api/v1/workflows/assistant/')).body.id);
      const log = () => call(s.baseUrl, 'GET', `/threads/${threadId}/events`).then((r) => r.body as Array<{ type: string; data: any }>);
      await eventually(log, (l) => l.some((e) => e.type === 'RunStarted'));
      await new Promise((r) => setTimeout(r, 300)); // a few tokens streamed: the stopped run has a partial answer to offer
      expect((await call(s.baseUrl, 'DELETE', '/api/v1/workflows/assistant/chat/history')).status).toBe(204);
      await s.app.get(AgentSaga).idle(); // the run has ended, whatever it tried to write
      const types = (await log()).map((e) => e.type);
      expect(types.slice(types.indexOf('HistoryCleared') - 1)).toEqual(['RunStopped', 'HistoryCleared']);
      expect((await log()).find((e) => e.type === 'RunStopped')?.data.runId).toBe(sent.execution_id);
      expect((await call(s.baseUrl, 'GET', '/api/v1/workflows/assistant/chat/history')).body.messages).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('answers errors exactly as the seed does, and writes nothing for any of them', async () => {
    await createAgent('no-trigger', []);
    const before = await events.headPosition();
    const cases: Array<[string, string, unknown, number, string | RegExp, string?]> = [
      ['POST', '/api/v1/workflows/nope/chat/', { text: 'hi' }, 404, 'Workflow not found.'],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', { text: 'hi' }, 404, 'Workflow not found.', BOB_KEY],
      ['POST', '/api/v1/workflows/no-trigger/chat/', { text: 'hi' }, 404, 'No chat trigger found.'],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', { text: 'hi', trigger_node_id: 'other' }, 404, 'No chat trigger found.'],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', {}, 400, 'text: must be a string'],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', { text: '' }, 400, /^text: /],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', { text: '  ' }, 400, 'text: must not be empty'],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', { text: 42 }, 400, 'text: must be a string'],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', { text: 'hi', trigger_node_id: 7 }, 400, 'trigger_node_id: must be a string'],
      ['POST', '/api/v1/workflows/my-chatbot/chat/', { text: 'x'.repeat(100_001) }, 400, /^text: must be at most/],
      ['GET', '/api/v1/workflows/my-chatbot/chat/history?before=yesterday', undefined, 400, 'before: must be an ISO 8601 datetime'],
      ['GET', '/api/v1/workflows/my-chatbot/chat/history?limit=0', undefined, 400, /^limit: /],
      ['GET', '/api/v1/workflows/my-chatbot/chat/history?limit=101', undefined, 400, /^limit: /],
      ['GET', '/api/v1/workflows/my-chatbot/chat/history?limit=ten', undefined, 400, /^limit: /],
      ['GET', '/api/v1/workflows/nope/chat/history', undefined, 404, 'Workflow not found.'],
      ['DELETE', '/api/v1/workflows/nope/chat/history', undefined, 404, 'Workflow not found.'],
      ['DELETE', '/api/v1/workflows/my-chatbot/chat/history', undefined, 404, 'Workflow not found.', BOB_KEY],
      ['GET', '/api/v1/workflows/nope/', undefined, 404, 'Workflow not found.'],
    ];
    for (const [method, path, body, status, detail, key] of cases) {
      const response = await api(method, path, body, key);
      expect([method, path, response.status]).toEqual([method, path, status]);
      expect(response.body.detail).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
    }
    for (const [method, path] of [
      ['POST', '/api/v1/workflows/my-chatbot/chat/'],
      ['GET', '/api/v1/workflows/my-chatbot/chat/history'],
      ['DELETE', '/api/v1/workflows/my-chatbot/chat/history'],
      ['GET', '/api/v1/workflows/'],
    ])
      expect((await call(t.baseUrl, method, path, method === 'POST' ? { text: 'hi' } : undefined, { key: null })).status).toBe(401);
    expect(await events.headPosition()).toBe(before);
    // Pipelit's schema takes null for "the first chat trigger" (its Python clients send None).
    const sent = await api('POST', '/api/v1/workflows/my-chatbot/chat/', { text: 'hi', trigger_node_id: null });
    expect([sent.status, sent.body.status]).toEqual([200, 'pending']);
    // Answered before the next test counts what is written.
    await eventually(
      () => api('GET', `/api/v1/executions/${sent.body.execution_id}`),
      (r) => r.body.status === 'completed',
    );
  });

  it('reads and clears a conversation that never started without writing anything', async () => {
    await createAgent('untouched');
    const before = await events.headPosition();
    expect((await history('untouched', '?before=2025-01-15T10:30:00')).body).toEqual({
      messages: [],
      thread_id: `alice:${agents.untouched}`,
      has_more: false,
    });
    expect((await api('DELETE', '/api/v1/workflows/untouched/chat/history')).status).toBe(204);
    expect(await events.headPosition()).toBe(before);
  });

  it('puts concurrent first messages into one conversation', async () => {
    await createAgent('busy');
    const sent = await Promise.all(['a', 'b', 'c'].map((m) => api('POST', '/api/v1/workflows/busy/chat/', { text: m })));
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    const texts = (await answered('busy', 6)).body.messages
      .filter((m: { role: string }) => m.role === 'user')
      .map((m: { text: string }) => m.text);
    expect(texts.sort()).toEqual(['a', 'b', 'c']);
  });
});
