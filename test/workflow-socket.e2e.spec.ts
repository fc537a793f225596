import { ThreadFeed } from '../apps/api/src/infrastructure/thread-feed/thread-feed';
import { ThreadChannels } from '../apps/api/src/workflow-chat/socket/thread-channels';
import { EVENT_STORE, EventStore } from './support/events';
import { call, BOB_KEY, ALICE_KEY, startTestApp, TestApp } from './support/test-app';
import { WorkflowChatClient } from './support/workflow-chat';
import { executionEvents, hasType, TestSocket } from './support/ws-client';

/** The workflow platform's WebSocket (/ws/) with the real `ws` client. */
describe('workflow chat WebSocket /ws/', () => {
  let t: TestApp;
  let slow: TestApp;
  const open: TestSocket[] = [];
  const connect = async (app: TestApp, key: string | null = ALICE_KEY, path?: string) => {
    const socket = await TestSocket.connect(app.baseUrl, key, path);
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    [t, slow] = await Promise.all([
      startTestApp({ WS_SOCKETS_PER_USER: '300' }),
      startTestApp({ OFFLINE_TOKEN_DELAY_MS: '200', WS_PING_INTERVAL_MS: '150', WS_PONG_TIMEOUT_MS: '150' }),
    ]);
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(() => Promise.all([t.close(), slow.close()]));

  it('closes with 1008 "Invalid or missing token" on a bad or a missing token', async () => {
    for (const key of ['not-a-key', null]) {
      const socket = await connect(t, key);
      expect(await socket.closed).toEqual({ code: 1008, reason: 'Invalid or missing token' });
    }
    // Also without the trailing slash.
    expect(await (await connect(t, 'nope', '/ws')).closed).toEqual({ code: 1008, reason: 'Invalid or missing token' });
  });

  it('counts a connection against the rate limit, and caps the sockets a user holds at once (1013)', async () => {
    const tight = await startTestApp({ WS_SOCKETS_PER_USER: '2', RATE_LIMIT_PER_MINUTE: '4' });
    try {
      const [a, b] = [await connect(tight), await connect(tight)];
      expect(await a.subscribe('workflow:assistant')).toEqual({ type: 'subscribed', channel: 'workflow:assistant' });
      await b.subscribe('workflow:assistant');
      const third = await connect(tight);
      expect(await third.closed).toEqual({ code: 1013, reason: expect.stringContaining('too many open sockets') });
      // Bob's sockets are his own: the cap is per user. His connections and requests share his rate limit.
      const bobs = await connect(tight, BOB_KEY);
      expect(await bobs.subscribe('workflow:assistant')).toEqual({ type: 'subscribed', channel: 'workflow:assistant' });
      for (let i = 0; i < 3; i++) await call(tight.baseUrl, 'GET', '/agents', undefined, { key: BOB_KEY });
      expect((await call(tight.baseUrl, 'GET', '/agents', undefined, { key: BOB_KEY })).status).toBe(429);
      const refused = await connect(tight, BOB_KEY);
      expect(await refused.closed).toEqual({ code: 1013, reason: 'rate limit exceeded' });
    } finally {
      open.splice(0).forEach((s) => s.close());
      await tight.close();
    }
  });

  it("refuses another user's workflow and execution, unknown and malformed channels, and bad JSON, never joining them", async () => {
    const alice = new WorkflowChatClient(t.baseUrl, 'alice');
    const { threadId } = await alice.workflow('alices-bot');
    const executionId = await alice.send(threadId, 'mine');
    const bob = await connect(t, BOB_KEY, '/ws');
    for (const channel of [
      'workflow:alices-bot',
      `execution:${executionId}`,
      'workflow:nope',
      'execution:nope',
      'bogus',
      'workflow:',
      'x:y',
    ]) {
      expect(await bob.subscribe(channel)).toEqual({ type: 'error', message: `Channel not found or not allowed: ${channel}`, channel });
    }
    const long = `workflow:${'x'.repeat(5000)}`;
    expect(await bob.subscribe(long)).toEqual({
      type: 'error',
      message: `Channel not found or not allowed: ${long.slice(0, 200)}`,
      channel: long.slice(0, 200),
    });
    const before = bob.messages.length;
    bob.send('{not json');
    await bob.until((ms) => ms.length > before);
    expect(bob.messages.at(-1)).toEqual({ type: 'error', message: 'Invalid JSON' });
    // Alice's own channels are hers; Bob got nothing of her execution.
    const mine = await connect(t);
    expect(await mine.subscribe(`execution:${executionId}`)).toEqual({ type: 'subscribed', channel: `execution:${executionId}` });
    await mine.until(hasType('execution_completed', executionId));
    expect(executionEvents(bob.messages)).toEqual([]);
    mine.send({ type: 'unsubscribe', channel: `execution:${executionId}` });
    await mine.until(hasType('unsubscribed'));
  });

  it('closes a socket that sends a frame bigger than a command can be (1009), before buffering it', async () => {
    const big = await connect(t);
    big.send(JSON.stringify({ type: 'subscribe', channel: 'x'.repeat(20 * 1024) }));
    expect((await big.closed).code).toBe(1009);
  });

  it('closes a socket that floods it with more messages than it has answered (1008), and answers a non-string unsubscribe with an error', async () => {
    const polite = await connect(t);
    polite.send({ type: 'unsubscribe' });
    await polite.until((ms) => ms.length > 0);
    expect(polite.messages.at(-1)).toEqual({ type: 'error', message: 'channel: must be a string' });
    const flood = await connect(t);
    for (let i = 0; i < 2000; i++) flood.send({ type: 'subscribe', channel: `workflow:nope-${i}` });
    const closed = await flood.closed;
    expect(closed).toEqual({ code: 1008, reason: 'more than 64 messages waiting for an answer' });
  });

  it('pings after the idle interval and closes when no pong comes; a pong keeps it open', async () => {
    const silent = await connect(slow);
    const answering = await connect(slow);
    answering.ws.on('message', (data) => JSON.parse(data.toString()).type === 'ping' && answering.send({ type: 'pong' }));
    await silent.until(hasType('ping'));
    const closed = await silent.closed;
    expect(closed.code).toBe(1001);
    await answering.until((ms) => ms.filter((m) => m.type === 'ping').length >= 3);
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
  });

  it('streams a run: execution_started, node_status, execution_completed with the stored answer as output.message', async () => {
    const alice = new WorkflowChatClient(t.baseUrl, 'alice');
    const { threadId } = await alice.workflow('my-chatbot');
    const socket = await connect(t);
    expect(await socket.subscribe('workflow:my-chatbot')).toEqual({ type: 'subscribed', channel: 'workflow:my-chatbot' });
    const id = await alice.send(threadId, 'Hello, I need help with my order');
    await socket.until(hasType('execution_completed', id));
    const events = executionEvents(socket.messages);
    expect(events[0]).toEqual({
      type: 'execution_started',
      execution_id: id,
      timestamp: expect.any(String),
      channel: 'workflow:my-chatbot',
      data: { workflow_id: expect.any(String), execution_id: id },
    });
    expect(events.some((e) => e.type === 'node_status' && e.data.status === 'running')).toBe(true);
    expect(events.some((e) => e.type === 'node_status' && e.data.status === 'success' && typeof e.data.duration_ms === 'number')).toBe(
      true,
    );
    const completed = events.at(-1)!;
    const execution = await call(t.baseUrl, 'GET', `/api/v1/executions/${id}`);
    expect(completed).toEqual({
      type: 'execution_completed',
      execution_id: id,
      timestamp: expect.any(String),
      channel: 'workflow:my-chatbot',
      data: {
        execution_id: id,
        output: { message: execution.body.final_output.message },
        activity_summary: {
          total_steps: expect.any(Number),
          total_duration_ms: expect.any(Number),
          total_tokens: execution.body.total_tokens,
          total_cost_usd: 0,
          llm_calls: 1,
          tool_invocations: 0,
        },
      },
    });
    expect(completed.data.output.message.length).toBeGreaterThan(0);
    // Token deltas, documented as `token`, spell the same answer.
    const tokens = events
      .filter((e) => e.type === 'token')
      .map((e) => e.data.text)
      .join('');
    expect(tokens).toBe(completed.data.output.message);
  });

  it('follows a conversation subscribed to before its thread exists (made on first use)', async () => {
    const alice = new WorkflowChatClient(t.baseUrl, 'alice');
    const agentId = await alice.agent('fresh-bot');
    const socket = await connect(t);
    expect(await socket.subscribe('workflow:fresh-bot')).toEqual({ type: 'subscribed', channel: 'workflow:fresh-bot' });
    const { threadId } = await alice.workflow('fresh-bot', agentId);
    const id = await alice.send(threadId, 'first words');
    await socket.until(hasType('execution_completed', id));
    expect(executionEvents(socket.messages)[0]).toMatchObject({ type: 'execution_started', execution_id: id });
  });

  it("the seed's curl flow: POST .../chat/ -> execution_completed on the socket with the history's answer; a clear cancels a running one", async () => {
    const created = await call(slow.baseUrl, 'POST', '/agents', {
      slug: 'seed-bot',
      name: 'seed-bot',
      triggers: [{ node_id: 'chat_1', type: 'trigger_chat' }],
    });
    expect(created.status).toBe(200);
    const socket = await connect(slow);
    socket.ws.on('message', (data) => JSON.parse(data.toString()).type === 'ping' && socket.send({ type: 'pong' }));
    await socket.subscribe('workflow:seed-bot');
    const sent = await fetch(`${slow.baseUrl}/api/v1/workflows/seed-bot/chat/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ALICE_KEY}`, 'Content-Type': 'application/json' },
      body: '{"text": "Hello, I need help with my order"}',
    });
    const { execution_id } = (await sent.json()) as { execution_id: string };
    const [completed] = (await socket.until(hasType('execution_completed', execution_id))).filter((m) => m.type === 'execution_completed');
    const history = await call(slow.baseUrl, 'GET', '/api/v1/workflows/seed-bot/chat/history?limit=20');
    expect(history.body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(completed.data.output).toEqual({ message: history.body.messages[1].text });

    const running = (await call(slow.baseUrl, 'POST', '/api/v1/workflows/seed-bot/chat/', { text: 'and a long story' })).body.execution_id;
    await socket.until(hasType('token', running));
    expect((await call(slow.baseUrl, 'DELETE', '/api/v1/workflows/seed-bot/chat/history')).status).toBe(204);
    await socket.until(hasType('execution_cancelled', running));
    expect((await call(slow.baseUrl, 'GET', `/api/v1/executions/${running}`)).body.status).toBe('cancelled');
  });

  it('gives 50 sockets on one workflow the same events, from one follower', async () => {
    const alice = new WorkflowChatClient(t.baseUrl, 'alice');
    const { threadId } = await alice.workflow('crowd');
    const sockets = await Promise.all(Array.from({ length: 50 }, () => connect(t)));
    await Promise.all(sockets.map((s) => s.subscribe('workflow:crowd')));
    // One follower of the thread (one feed subscription) for all 50.
    expect(t.app.get(ThreadChannels).listenerCount(threadId)).toBe(50);
    expect(t.app.get(ThreadFeed).subscriberCount()).toBe(t.app.get(ThreadChannels).followed());
    const id = await alice.send(threadId, 'hello everyone');
    await Promise.all(sockets.map((s) => s.until(hasType('execution_completed', id))));
    const sequences = sockets.map((s) => JSON.stringify(executionEvents(s.messages)));
    expect(new Set(sequences).size).toBe(1);
    expect(executionEvents(sockets[0].messages).length).toBeGreaterThan(2);
    // The follower knows how far it handed the log on: a late subscriber waits for the read models to get there.
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`thread-${threadId}`);
    expect(t.app.get(ThreadChannels).seenPosition(threadId)).toBe(events[events.length - 1].position);
  });

  it('replays the terminal event to a socket that drops and subscribes to the execution after it ended', async () => {
    const alice = new WorkflowChatClient(t.baseUrl, 'alice');
    const { threadId } = await alice.workflow('replay');
    const first = await connect(t);
    await first.subscribe('workflow:replay');
    const id = await alice.send(threadId, 'quick one');
    await first.until(hasType('execution_started', id));
    first.ws.terminate();
    await call(t.baseUrl, 'GET', `/api/v1/executions/${id}`);
    const again = await connect(t);
    await again.subscribe(`execution:${id}`);
    const [terminal] = (await again.until(hasType('execution_completed', id))).filter((m) => m.type === 'execution_completed');
    const execution = await call(t.baseUrl, 'GET', `/api/v1/executions/${id}`);
    expect(execution.body.status).toBe('completed');
    expect(terminal.data.output).toEqual({ message: execution.body.final_output.message });
    expect(terminal.channel).toBe(`execution:${id}`);
  });

  it('cancels a slow run: execution_cancelled on the socket, cancelled on GET', async () => {
    const alice = new WorkflowChatClient(slow.baseUrl, 'alice');
    const { threadId } = await alice.workflow('slow');
    const socket = await connect(slow);
    socket.ws.on('message', (data) => JSON.parse(data.toString()).type === 'ping' && socket.send({ type: 'pong' }));
    await socket.subscribe('workflow:slow');
    const id = await alice.send(threadId, 'a long story please');
    await socket.until(hasType('token', id));
    const cancelled = await call(slow.baseUrl, 'POST', `/api/v1/executions/${id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    await socket.until(hasType('execution_cancelled', id));
    expect(socket.messages.find((m) => m.type === 'execution_cancelled')).toMatchObject({
      execution_id: id,
      channel: 'workflow:slow',
      data: { execution_id: id },
    });
    expect(executionEvents(socket.messages).some((m) => m.type === 'execution_completed')).toBe(false);
    expect((await call(slow.baseUrl, 'GET', `/api/v1/executions/${id}`)).body.status).toBe('cancelled');
  });
});
