import { components, expectStrictlyIncreasing, Frame, openStream, SseConnection } from './support/sse-client';
import { BOB_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';

/** GET /threads/{id}/stream through the real HTTP stack, read with a real SSE parser. */
describe('GET /threads/{thread_id}/stream (SSE)', () => {
  let t: TestApp;
  const open: SseConnection[] = [];
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const stream = async (path: string, options: Parameters<typeof openStream>[2] = {}) => {
    const connection = await openStream(t.baseUrl, path, options);
    open.push(connection);
    return connection;
  };
  const durable = (frames: Frame[]) => frames.filter((f) => /^[A-Z]/.test(f.event));
  const has =
    (event: string, count = 1) =>
    (frames: Frame[]) =>
      frames.filter((f) => f.event === event).length >= count;

  beforeAll(async () => {
    // One user holds the 100 concurrent subscribers: past the default of 32 open streams per user.
    t = await startTestApp({ SSE_HEARTBEAT_MS: '100', OFFLINE_TOKEN_DELAY_MS: '20', STREAMS_PER_USER: '200' });
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  afterAll(() => t.close());

  it('sends the headers at once and every durable event as it is appended, each id past the one before', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'plain' });
    const s = await stream('/threads/plain/stream', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(s.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(s.headers.get('x-accel-buffering')).toBe('no');
    expect(s.headers.get('content-encoding')).toBeNull();
    const [created] = await s.until(has('ThreadCreated'));
    expect(created).toEqual({
      id: '0:-1',
      event: 'ThreadCreated',
      data: {
        event_number: 0,
        event_id: expect.any(String),
        type: 'ThreadCreated',
        data: { threadId: 'plain', ownerId: 'alice', agentId: expect.any(String), eventNumber: 0 },
        occurred_at: expect.any(String),
        actor: 'alice',
      },
    });
    const sent = await api('POST', '/commands/send-message', { thread_id: 'plain', content: 'stream me' });
    const frames = await s.until(has('RunCompleted'));
    expect(durable(frames).map((f) => [f.data.event_number, f.event])).toEqual([
      [0, 'ThreadCreated'],
      [1, 'UserMessageAdded'],
      [2, 'RunStarted'],
      [3, 'AssistantMessageAdded'],
      [4, 'StatRecorded'],
      [5, 'RunCompleted'],
    ]);
    expect(frames[1].data).toMatchObject({ event_id: sent.body.event_id, actor: 'alice', data: { content: 'stream me' } });
    expectStrictlyIncreasing(frames);
  });

  it("delivers a run's tokens as token_delta records before its reply, adding up to the reply's content", async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'tokens' });
    const s = await stream('/threads/tokens/stream');
    await s.until(has('ThreadCreated'));
    await api('POST', '/commands/send-message', { thread_id: 'tokens', content: 'tell me something' });
    const frames = await s.until(has('run_ended'));
    const reply = frames.findIndex((f) => f.event === 'AssistantMessageAdded');
    const deltas = frames.filter((f) => f.event === 'token_delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(frames.lastIndexOf(deltas[deltas.length - 1])).toBeLessThan(reply);
    expect(deltas.map((f) => f.data.data.text).join('')).toBe(frames[reply].data.data.content);
    expect(frames.find((f) => f.event === 'run_started')!.data).toMatchObject({
      run_id: frames[reply].data.data.runId,
      type: 'run_started',
      data: { attempt: 1 },
    });
    expect(deltas[0].data).toEqual({
      seq: expect.any(Number),
      run_id: expect.any(String),
      type: 'token_delta',
      data: { text: expect.any(String) },
      at: expect.any(String),
    });
    expectStrictlyIncreasing(frames);
  });

  it('replays from ?from_event_number=N, and a fork starts after its fork point unless asked to replay', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'replayed' });
    await api('POST', '/commands/send-message', { thread_id: 'replayed', content: 'one' });
    await eventually(
      () => api('GET', '/threads/replayed/head'),
      (r) => r.body.event_number >= 5,
    );
    const replay = await stream('/threads/replayed/stream?from_event_number=2');
    expect(durable(await replay.until(has('RunCompleted'))).map((f) => f.data.event_number)).toEqual([2, 3, 4, 5]);

    const fork = (await api('POST', '/commands/fork-thread', { source_thread_id: 'replayed', event_number: 3 })).body.new_thread_id;
    const own = await stream(`/threads/${fork}/stream`);
    const [forked] = await own.until(has('ThreadForked'));
    expect(forked).toMatchObject({ id: '4:-1', data: { event_number: 4, type: 'ThreadForked', data: { sourceThreadId: 'replayed' } } });
    const all = await stream(`/threads/${fork}/stream?from_event_number=0`);
    const inherited = await all.until(has('ThreadForked'));
    expect(inherited.map((f) => [f.data.event_number, f.event])).toEqual([
      [0, 'ThreadCreated'],
      [1, 'UserMessageAdded'],
      [2, 'RunStarted'],
      [3, 'AssistantMessageAdded'],
      [4, 'ThreadForked'],
    ]);
  });

  it('resumes after Last-Event-ID (header or ?last_event_id=) with nothing lost or repeated', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'resumed' });
    const first = await stream('/threads/resumed/stream');
    await first.until(has('ThreadCreated'));
    await api('POST', '/commands/send-message', { thread_id: 'resumed', content: 'a long enough answer please' });
    const before = [...(await first.until(has('token_delta')))];
    first.close();
    const last = before[before.length - 1].id;
    const rest = await stream('/threads/resumed/stream', { lastEventId: last });
    const after = await rest.until((frames) => has('run_ended')([...before, ...frames]));
    const whole = await stream('/threads/resumed/stream?last_event_id=-1:-1');
    const reference = await whole.until(has('run_ended'));
    expect(after.map((f) => f.event)).toContain('AssistantMessageAdded'); // it was cut off mid-run
    const joined = [...before, ...after];
    expectStrictlyIncreasing(joined);
    expect(components(joined)).toEqual(components(reference));
    expect(new Set(joined.map((f) => f.id)).size).toBe(joined.length);
  });

  it('gives 100 concurrent subscribers of one run the same sequence', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'crowd' });
    const crowd = await Promise.all(Array.from({ length: 100 }, () => stream('/threads/crowd/stream')));
    await Promise.all(crowd.map((s) => s.until(has('ThreadCreated'))));
    await api('POST', '/commands/send-message', { thread_id: 'crowd', content: 'for everyone' });
    const seen = await Promise.all(crowd.map((s) => s.until(has('run_ended'))));
    const first = JSON.stringify(seen[0]);
    expect(seen[0].filter((f) => f.event === 'token_delta').length).toBeGreaterThan(1);
    expect(seen.filter((frames) => JSON.stringify(frames) !== first)).toEqual([]);
    expectStrictlyIncreasing(seen[0]);
  });

  it('ends with a final event when the thread is deleted while streaming', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'doomed' });
    const s = await stream('/threads/doomed/stream');
    await s.until(has('ThreadCreated'));
    expect((await api('DELETE', '/api/workflows/doomed')).status).toBe(200);
    await s.ended;
    expect(s.frames.map((f) => f.event)).toEqual(['ThreadCreated', 'ThreadDeleted']);
    expect(s.frames[1]).toMatchObject({ id: '1:-1', data: { event_number: 1, type: 'ThreadDeleted' } });
  });

  it('sends `: ping` comments while nothing happens', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'quiet' });
    const s = await stream('/threads/quiet/stream');
    await eventually(
      async () => s.comments.length,
      (n) => n >= 2,
    );
    expect(s.comments[0]).toBe('ping');
  });

  it("answers 404 for another user's thread or a missing one, 400 naming the field for bad input", async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'private' });
    const cases: Array<[string, Parameters<typeof openStream>[2], number, RegExp]> = [
      ['/threads/private/stream', { key: BOB_KEY }, 404, /private/],
      ['/threads/nowhere/stream', {}, 404, /nowhere/],
      ['/threads/private/stream?from_event_number=-1', {}, 400, /^from_event_number/],
      ['/threads/private/stream?from_event_number=x', {}, 400, /^from_event_number/],
      ['/threads/private/stream?from_event_number=1e20', {}, 400, /^from_event_number/],
      ['/threads/private/stream?last_event_id=7', {}, 400, /^last_event_id/],
      ['/threads/private/stream', { lastEventId: 'abc' }, 400, /^last_event_id/],
      ['/threads/private/stream?since=3', {}, 400, /since/],
    ];
    for (const [path, options, status, detail] of cases) {
      const s = await stream(path, options);
      expect({ path, status: s.status }).toEqual({ path, status });
      expect(s.error).toEqual({ detail: expect.stringMatching(detail) });
    }
  });

  it('is documented for OpenAPI as text/event-stream, with its parameters and frame shapes', async () => {
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    const route = spec.paths['/threads/{thread_id}/stream'].get;
    expect(Object.keys(route.responses['200'].content)).toEqual(['text/event-stream']);
    expect(route.responses['200'].description).toMatch(/Last-Event-ID/);
    expect(route.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['thread_id', 'last_event_id', 'from_event_number', 'Last-Event-ID']),
    );
    const { DurableFrameData: durableFrame, LiveFrameData: liveFrame } = spec.components.schemas;
    expect(Object.keys(durableFrame.properties).sort()).toEqual(['actor', 'data', 'event_id', 'event_number', 'occurred_at', 'type']);
    expect(durableFrame.required.sort()).toEqual(['actor', 'data', 'event_id', 'event_number', 'occurred_at', 'type']);
    expect(durableFrame.properties.event_number.type).toBe('number');
    expect(durableFrame.properties.data).toMatchObject({ type: 'object', additionalProperties: true });
    expect(Object.keys(liveFrame.properties).sort()).toEqual(['at', 'data', 'run_id', 'seq', 'type']);
    expect(liveFrame.properties.seq.type).toBe('number');
    expect(liveFrame.properties.type.enum).toEqual(expect.arrayContaining(['token_delta', 'run_ended']));
    expect(route.parameters.find((p: any) => p.name === 'from_event_number').schema).toMatchObject({ maximum: Number.MAX_SAFE_INTEGER });
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['400', '401', '404', '429']));
  });
});

describe('the rate limit and a stream', () => {
  it('counts an open stream as one request, however long it stays open; shutting down ends open streams', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', SSE_HEARTBEAT_MS: '20' });
    let closed: Promise<void> | undefined;
    try {
      await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'limited' });
      const s = await openStream(t.baseUrl, '/threads/limited/stream');
      await eventually(
        async () => s.comments.length,
        (n) => n >= 5,
      );
      expect((await call(t.baseUrl, 'GET', '/threads/limited/head')).status).toBe(200);
      expect((await call(t.baseUrl, 'GET', '/threads/limited/head')).status).toBe(429);
      closed = t.close();
      await s.ended;
      expect(s.frames.map((f) => f.event)).toEqual(['ThreadCreated']);
    } finally {
      await (closed ?? t.close());
    }
  });
});

describe('open streams per user', () => {
  it('refuses a stream past STREAMS_PER_USER with 429 naming the limit, and takes one again once a stream closes', async () => {
    const t = await startTestApp({ STREAMS_PER_USER: '2', SSE_HEARTBEAT_MS: '50' });
    const open: SseConnection[] = [];
    try {
      await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'many' });
      for (let i = 0; i < 2; i++) open.push(await openStream(t.baseUrl, '/threads/many/stream'));
      expect(open.map((s) => s.status)).toEqual([200, 200]);
      const refused = await openStream(t.baseUrl, '/threads/many/stream');
      expect(refused.status).toBe(429);
      expect(refused.error).toEqual({ detail: expect.stringMatching(/STREAMS_PER_USER/) });
      await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'bobs' }, { key: BOB_KEY });
      open.push(await openStream(t.baseUrl, '/threads/bobs/stream', { key: BOB_KEY }));
      expect(open[2].status).toBe(200); // another user's streams count apart
      open.shift()!.close();
      const again = await eventually(
        async () => {
          const s = await openStream(t.baseUrl, '/threads/many/stream');
          if (s.status === 200) open.push(s);
          return s.status;
        },
        (status) => status === 200,
      );
      expect(again).toBe(200);
    } finally {
      open.forEach((s) => s.close());
      await t.close();
    }
  });

  it('counts the LangGraph face’s run streams and the threads face’s streams against one STREAMS_PER_USER', async () => {
    // Slow tokens keep the run, and so its joined stream, open while the other streams are opened.
    const t = await startTestApp({ STREAMS_PER_USER: '2', SSE_HEARTBEAT_MS: '50', OFFLINE_TOKEN_DELAY_MS: '100' });
    const open: SseConnection[] = [];
    try {
      await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'faces' });
      const content = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');
      const run = await call(t.baseUrl, 'POST', '/langgraph/threads/faces/runs', {
        assistant_id: 'assistant',
        input: { messages: [{ type: 'human', content }] },
      });
      expect(run.status).toBe(200);
      const runStream = `/langgraph/threads/faces/runs/${run.body.run_id}/stream`;
      open.push(await openStream(t.baseUrl, runStream));
      open.push(await openStream(t.baseUrl, '/threads/faces/stream'));
      expect(open.map((s) => s.status)).toEqual([200, 200]);
      const threadsRefused = await openStream(t.baseUrl, '/threads/faces/stream');
      expect(threadsRefused.status).toBe(429);
      open.pop()!.close(); // the threads face's stream gives its slot back, which the LangGraph face may then take
      const joined = await eventually(
        async () => {
          const s = await openStream(t.baseUrl, runStream);
          if (s.status === 200) open.push(s);
          return s.status;
        },
        (status) => status === 200,
      );
      expect(joined).toBe(200);
      const runRefused = await openStream(t.baseUrl, runStream);
      expect(runRefused.status).toBe(429);
      expect(runRefused.error).toEqual({ detail: expect.stringMatching(/STREAMS_PER_USER/) });
      // Both closed run streams give their slots back (and have ended before the app shuts down).
      open.splice(0).forEach((s) => s.close());
      const freed = await eventually(
        async () => {
          const pair = [await openStream(t.baseUrl, '/threads/faces/stream'), await openStream(t.baseUrl, '/threads/faces/stream')];
          pair.forEach((s) => s.close());
          return pair.map((s) => s.status);
        },
        (statuses) => statuses.every((status) => status === 200),
      );
      expect(freed).toEqual([200, 200]);
    } finally {
      open.forEach((s) => s.close());
      await t.close();
    }
  });
});
