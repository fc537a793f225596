import { Client } from '@langchain/langgraph-sdk';
import { rmSync } from 'fs';
import { createServer, request, Server } from 'http';
import { AddressInfo } from 'net';
import { ServerProcess, spawnServer, stopServer } from './support/server-process';
import { ALICE_KEY, BOB_KEY, call, eventually, newDataDir } from './support/test-app';

type Part = { id?: string; event: string; data: any };

/**
 * The LangGraph SDK's Client against Forkline started as a process: runs on threads (stream, wait, background, join,
 * list, cancel, multitask strategies), resuming a run's stream after a disconnect (by hand and by the SDK itself,
 * through a proxy that cuts the first response), stateless runs, and those runs as the threads face shows them.
 */
describe('LangGraph runs through the SDK client', () => {
  let server: ServerProcess;
  let dataDir: string;
  let client: Client;
  let api: string;
  const assistant = 'assistant'; // the default agent's slug, as a graph id
  /** A message the offline model echoes back slowly: ~200 tokens at 15 ms each. */
  const long = (tag: string) => `${tag} ` + Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
  const human = (content: string) => ({ messages: [{ type: 'human', content }] });
  /** As LangGraph clients send their key: x-api-key (the raw requests below send Authorization: Bearer, also taken). */
  const clientAt = (apiUrl: string, key = ALICE_KEY) => new Client({ apiUrl, apiKey: key });
  const collect = async (parts: AsyncIterable<Part>) => {
    const all: Part[] = [];
    for await (const part of parts) all.push(part);
    return all;
  };
  let threadCount = 0;
  const newThread = async () => {
    const threadId = `lg-run-${++threadCount}`;
    expect((await call(server.baseUrl, 'POST', '/commands/create-thread', { thread_id: threadId })).status).toBe(200);
    return threadId;
  };
  /** Resolves once the run streams its first token. */
  const firstToken = async (threadId: string, runId: string) => {
    for await (const part of client.runs.joinStream(threadId, runId, { streamMode: ['messages-tuple'] }))
      if (part.event === 'messages') return;
  };
  const messages = async (threadId: string) => (await call(server.baseUrl, 'GET', `/threads/${threadId}/messages`)).body;

  beforeAll(async () => {
    dataDir = newDataDir();
    server = await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '15', SSE_HEARTBEAT_MS: '300' });
    api = `${server.baseUrl}/langgraph`;
    client = clientAt(api);
  }, 90_000);

  afterAll(async () => {
    await stopServer(server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams values and messages-tuple: metadata first, tokens under the final message id before the final state', async () => {
    const threadId = await newThread();
    let created: { run_id: string; thread_id?: string } | undefined;
    const parts = await collect(
      client.runs.stream(threadId, assistant, {
        input: human('hello there'),
        streamMode: ['values', 'messages-tuple'],
        onRunCreated: (meta) => (created = meta),
      }),
    );
    expect(parts[0]).toMatchObject({ event: 'metadata', data: { run_id: created!.run_id, thread_id: threadId } });
    expect(parts.map((p) => p.id)).toEqual(parts.map((_, i) => String(i)));
    const chunks = parts.filter((p) => p.event === 'messages').map((p) => p.data[0]);
    const lastValues = parts.map((p) => p.event).lastIndexOf('values');
    expect(chunks.length).toBeGreaterThan(1);
    expect(parts.findIndex((p) => p.event === 'messages')).toBeLessThan(lastValues);
    const final = parts[lastValues].data.messages;
    expect(final.map((m: any) => m.type)).toEqual(['human', 'ai']);
    expect(final[0].content).toBe('hello there');
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set([final[1].id]));
    expect(chunks.map((c) => c.content).join('')).toBe(final[1].content);
    expect(final[1].content).toContain('hello there');
    const run = await client.runs.get(threadId, created!.run_id);
    expect(run).toMatchObject({ run_id: created!.run_id, thread_id: threadId, status: 'success', multitask_strategy: 'reject' });
  }, 60_000);

  it('sends Content-Location, a Location relative to the API root, text/event-stream and heartbeats', async () => {
    const threadId = await newThread();
    const response = await fetch(`${api}/threads/${threadId}/runs/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE_KEY}` },
      body: JSON.stringify({ assistant_id: assistant, input: human(long('beat')), stream_mode: ['values', 'updates'] }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const runId = /\/runs\/(.+)$/.exec(response.headers.get('content-location')!)![1];
    expect(response.headers.get('content-location')).toBe(`/threads/${threadId}/runs/${runId}`);
    expect(response.headers.get('location')).toBe(`/threads/${threadId}/runs/${runId}/stream?stream_mode=values&stream_mode=updates`);
    const text = await response.text();
    expect(text).toContain('\n: heartbeat\n');
    expect(text.startsWith('id: 0\nevent: metadata\n')).toBe(true);
    expect(text).toContain('event: updates\n');
  }, 60_000);

  it('waits, runs in the background, joins, lists and reads runs; the runs are the threads face’s', async () => {
    const threadId = await newThread();
    const values: any = await client.runs.wait(threadId, assistant, { input: human('first'), metadata: { source: 'test' } });
    expect(values.messages.map((m: any) => [m.type, m.content.slice(0, 5)])).toEqual([
      ['human', 'first'],
      ['ai', '[offl'],
    ]);
    const background = await client.runs.create(threadId, assistant, { input: human('second'), multitaskStrategy: 'enqueue' });
    expect(background).toMatchObject({
      thread_id: threadId,
      status: expect.stringMatching(/pending|running/),
      multitask_strategy: 'enqueue',
    });
    const joined: any = await client.runs.join(threadId, background.run_id);
    expect(joined.messages).toHaveLength(4);
    const runs = await client.runs.list(threadId);
    expect(runs.map((r) => r.run_id)[0]).toBe(background.run_id);
    expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
    expect(runs[1].metadata).toEqual({ source: 'test' });
    expect(await client.runs.list(threadId, { status: 'error' })).toEqual([]);
    // The same conversation on the threads face, with the same message ids, and the run in the event log.
    const native = await messages(threadId);
    expect(native.map((m: any) => m.message_id)).toEqual(joined.messages.map((m: any) => m.id));
    const events = (await call(server.baseUrl, 'GET', `/threads/${threadId}/events`)).body.map((e: any) => e.type);
    expect(events.filter((t: string) => /^(UserMessageAdded|RunStarted|AssistantMessageAdded|RunCompleted)$/.test(t))).toEqual(
      Array(2).fill(['UserMessageAdded', 'RunStarted', 'AssistantMessageAdded', 'RunCompleted']).flat(),
    );
  }, 60_000);

  it('multitask: reject answers 409, enqueue runs after, interrupt stops the run in flight, rollback deletes it', async () => {
    const threadId = await newThread();
    const first = await client.runs.create(threadId, assistant, { input: human(long('first')) });
    await expect(client.runs.create(threadId, assistant, { input: human('refused') })).rejects.toMatchObject({ status: 409 });
    const queued = await client.runs.create(threadId, assistant, { input: human('queued'), multitaskStrategy: 'enqueue' });
    await client.runs.join(threadId, queued.run_id);
    expect((await client.runs.get(threadId, first.run_id)).status).toBe('success');
    expect((await messages(threadId)).map((m: any) => m.content.slice(0, 6))).toEqual(['first ', 'queued', '[offli', '[offli']);

    const slow = await client.runs.create(threadId, assistant, { input: human(long('slow')) });
    const interrupting = await client.runs.create(threadId, assistant, { input: human('now'), multitaskStrategy: 'interrupt' });
    await client.runs.join(threadId, interrupting.run_id);
    expect((await client.runs.get(threadId, slow.run_id)).status).toBe('interrupted');
    expect((await client.runs.get(threadId, interrupting.run_id)).status).toBe('success');

    const doomed = await client.runs.create(threadId, assistant, { input: human(long('doomed')) });
    await firstToken(threadId, doomed.run_id); // so it has a partial answer to roll back too
    const rolling = await client.runs.create(threadId, assistant, { input: human('instead'), multitaskStrategy: 'rollback' });
    await client.runs.join(threadId, rolling.run_id);
    await expect(client.runs.get(threadId, doomed.run_id)).rejects.toMatchObject({ status: 404 });
    // Its message and its partial answer (which echoes it) went with it.
    expect((await messages(threadId)).some((m: any) => m.content.includes('doomed'))).toBe(false);
  }, 90_000);

  it('cancel is Forkline’s stop: the run ends interrupted and its partial answer stays', async () => {
    const threadId = await newThread();
    const run = await client.runs.create(threadId, assistant, { input: human(long('stop me')) });
    await firstToken(threadId, run.run_id); // so there is a partial answer to keep
    await client.runs.cancel(threadId, run.run_id, true);
    expect((await client.runs.get(threadId, run.run_id)).status).toBe('interrupted');
    const kept = await eventually(
      () => messages(threadId),
      (list) => list.length === 2,
    );
    expect(kept[1].content.length).toBeGreaterThan(0);
    expect(kept[1].content.length).toBeLessThan(long('stop me').length);
    await expect(client.runs.cancel(threadId, 'no-such-run')).rejects.toMatchObject({ status: 404 });
    // A queued run cancelled before it starts has no live records: its stream ends from its durable end.
    const running = await client.runs.create(threadId, assistant, { input: human(long('running')) });
    const queued = await client.runs.create(threadId, assistant, { input: human('queued'), multitaskStrategy: 'enqueue' });
    await client.runs.cancel(threadId, queued.run_id, false);
    const parts = await collect(client.runs.joinStream(threadId, queued.run_id, { streamMode: ['values'] }));
    expect(parts.map((p) => p.event)).toEqual(['metadata', 'values']);
    expect(parts[1].data.messages.at(-1).content).toBe('queued');
    expect((await client.runs.get(threadId, queued.run_id)).status).toBe('interrupted');
    expect((await client.runs.get(threadId, running.run_id)).status).toMatch(/pending|running/);
  }, 60_000);

  it('on_disconnect: cancel stops the run when its stream is closed early; continue (the default) lets it finish', async () => {
    const threadId = await newThread();
    const closeEarly = async (body: Record<string, unknown>) => {
      const abort = new AbortController();
      const response = await fetch(`${api}/threads/${threadId}/runs/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE_KEY}` },
        body: JSON.stringify({ assistant_id: assistant, stream_mode: 'messages-tuple', ...body }),
        signal: abort.signal,
      });
      const runId = /\/runs\/(.+)$/.exec(response.headers.get('content-location')!)![1];
      const reader = response.body!.getReader();
      for (let text = ''; !text.includes('event: messages');) text += new TextDecoder().decode((await reader.read()).value);
      abort.abort();
      return runId;
    };
    const cancelled = await closeEarly({ input: human(long('cancel on close')), on_disconnect: 'cancel' });
    await eventually(
      () => client.runs.get(threadId, cancelled),
      (run) => run.status === 'interrupted',
    );
    const continued = await closeEarly({ input: human(long('continue on close')) });
    expect((await client.runs.join(threadId, continued)) as any).toMatchObject({ messages: expect.any(Array) });
    expect((await client.runs.get(threadId, continued)).status).toBe('success');
  }, 60_000);

  it('resumes a stream after a disconnect with Last-Event-ID: nothing lost, nothing repeated', async () => {
    const threadId = await newThread();
    const streamMode: Array<'values' | 'messages-tuple'> = ['values', 'messages-tuple'];
    let runId = '';
    const first: Part[] = [];
    for await (const part of client.runs.stream(threadId, assistant, {
      input: human(long('resume')),
      streamMode,
      onRunCreated: (m) => (runId = m.run_id),
    })) {
      first.push(part);
      if (first.length === 4) break;
    }
    const rest = await collect(client.runs.joinStream(threadId, runId, { lastEventId: first.at(-1)!.id, streamMode }));
    const whole = await collect(client.runs.joinStream(threadId, runId, { lastEventId: '-1', streamMode }));
    expect([...first, ...rest].map((p) => p.id)).toEqual(whole.map((_, i) => String(i)));
    expect([...first, ...rest]).toEqual(whole);
    expect(whole.at(-1)!.event).toBe('values');
  }, 60_000);

  it('the SDK reconnects by itself through Location with Last-Event-ID when the connection drops', async () => {
    const threadId = await newThread();
    const target = new URL(server.baseUrl);
    const seen: Array<{ method: string; url: string; lastEventId?: string }> = [];
    let cut = false;
    // Passes requests through; cuts the first stream response once a few frames went by.
    const proxy: Server = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, lastEventId: req.headers['last-event-id'] as string | undefined });
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode!, up.headers);
          let bytes = 0;
          const cutThis = !cut && req.method === 'POST' && req.url!.endsWith('/runs/stream');
          up.on('data', (chunk: Buffer) => {
            res.write(chunk);
            bytes += chunk.length;
            if (cutThis && bytes > 2500) {
              cut = true;
              up.destroy();
              res.destroy();
            }
          });
          up.on('end', () => res.end());
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const proxied = clientAt(`http://127.0.0.1:${port}/langgraph`);
      const streamMode: Array<'values' | 'messages-tuple'> = ['values', 'messages-tuple'];
      let runId = '';
      const parts = await collect(
        proxied.runs.stream(threadId, assistant, { input: human(long('cut')), streamMode, onRunCreated: (m) => (runId = m.run_id) }),
      );
      expect(cut).toBe(true);
      const reconnect = seen.find((s) => s.method === 'GET' && s.url.includes('/stream'));
      expect(reconnect).toMatchObject({
        url: `/langgraph/threads/${threadId}/runs/${runId}/stream?stream_mode=values&stream_mode=messages-tuple`,
      });
      expect(Number(reconnect!.lastEventId)).toBeGreaterThan(0);
      const whole = await collect(client.runs.joinStream(threadId, runId, { lastEventId: '-1', streamMode }));
      expect(parts.map((p) => p.id)).toEqual(whole.map((_, i) => String(i)));
      expect(parts).toEqual(whole);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  }, 60_000);

  it('runs from an earlier checkpoint on a branch inside the thread; later runs continue the newest branch', async () => {
    const threadId = await newThread();
    const checkpoint = async () => (await call(server.baseUrl, 'GET', `/threads/${threadId}/state`)).body.checkpoint_id as string;
    const contents = (values: any) => values.messages.map((m: any) => m.content.slice(0, 6));
    await client.runs.wait(threadId, assistant, { input: human('first') });
    const afterFirst = await checkpoint();
    await client.runs.wait(threadId, assistant, { input: human('second') });
    const branched: any = await client.runs.wait(threadId, assistant, {
      input: human('branch'),
      checkpoint: { checkpoint_id: afterFirst, checkpoint_ns: '', checkpoint_map: null },
    });
    expect(contents(branched)).toEqual(['first', '[offli', 'branch', '[offli']);
    const first: any = await client.runs.wait(threadId, assistant, { input: human('first') }); // same ids as before the branch
    expect(first.messages.slice(0, 2)).toEqual(branched.messages.slice(0, 2));
    expect(contents(first)).toEqual(['first', '[offli', 'branch', '[offli', 'first', '[offli']);
    expect((await client.runs.list(threadId)).map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    // The thread's own conversation keeps its second turn.
    expect((await messages(threadId)).map((m: any) => m.content.slice(0, 6))).toEqual(['first', '[offli', 'second', '[offli']);
    await expect(client.runs.wait(threadId, assistant, { input: human('x'), checkpointId: 'no-such-checkpoint' })).rejects.toMatchObject({
      status: 404,
    });
    // Nothing waits for an answer at that checkpoint: a run without input has nothing to do there.
    await expect(client.runs.wait(threadId, assistant, { input: null, checkpointId: afterFirst })).rejects.toMatchObject({ status: 422 });
  }, 60_000);

  it('a run without input at a checkpoint where a message waits answers it again on a new branch (regenerate)', async () => {
    const threadId = await newThread();
    const first = await client.runs.create(threadId, assistant, { input: human(long('first')) });
    const queued = await client.runs.create(threadId, assistant, { input: human('queued'), multitaskStrategy: 'enqueue' });
    await client.runs.join(threadId, queued.run_id);
    const [, queuedMessage, firstAnswer, queuedAnswer] = await messages(threadId);
    expect((await client.runs.get(threadId, first.run_id)).status).toBe('success');
    // The first run's checkpoint was written when its answer was: the queued message was waiting there.
    const state = await call(server.baseUrl, 'GET', `/threads/${threadId}/state?event_number=${firstAnswer.event_number}`);
    let runId = '';
    const again: any = await client.runs.wait(threadId, assistant, {
      input: null,
      checkpointId: state.body.checkpoint_id,
      onRunCreated: (m) => (runId = m.run_id),
    });
    // As every Forkline answer, it sees the conversation up to its message: the first answer came after it.
    expect(again.messages.map((m: any) => m.content.slice(0, 6))).toEqual(['first ', 'queued', '[offli']);
    expect(again.messages[1].id).toBe(queuedMessage.message_id); // the inherited message keeps its id
    expect(again.messages[2].id).not.toBe(queuedAnswer.message_id);
    expect(await messages(threadId)).toHaveLength(4);
    expect((await client.runs.get(threadId, runId)).status).toBe('success');
    expect(await client.runs.list(threadId)).toHaveLength(3);
  }, 60_000);

  it('stateless runs answer on a temporary thread, removed afterwards', async () => {
    const values: any = await client.runs.wait(null, assistant, { input: human('no thread') });
    expect(values.messages.map((m: any) => m.type)).toEqual(['human', 'ai']);
    const parts = await collect(client.runs.stream(null, assistant, { input: human('no thread either'), streamMode: 'values' }));
    expect(parts[0].event).toBe('metadata');
    expect(parts.at(-1)!.data.messages).toHaveLength(2);
    const temporary = parts[0].data.thread_id;
    await eventually(
      () => call(server.baseUrl, 'GET', `/threads/${temporary}`),
      (r) => r.status === 404,
    );
    // on_completion: keep (the SDK's stateless calls do not send it; LangGraph's API takes it).
    const kept = await fetch(`${api}/runs/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE_KEY}` },
      body: JSON.stringify({ assistant_id: assistant, input: human('keep it'), on_completion: 'keep' }),
    });
    expect(kept.headers.get('content-location')).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
    const keptThread = /"thread_id":"([^"]+)"/.exec(await kept.text())![1];
    expect((await call(server.baseUrl, 'GET', `/threads/${keptThread}/messages`)).body).toHaveLength(2);
  }, 60_000);

  it('refuses what it cannot run, naming the field, and keeps threads to their owner', async () => {
    const threadId = await newThread();
    await expect(client.runs.wait(threadId, 'no-such-agent', { input: human('x') })).rejects.toMatchObject({ status: 404 });
    await expect(client.runs.wait('missing-thread', assistant, { input: human('x') })).rejects.toMatchObject({ status: 404 });
    await expect(client.runs.wait(threadId, assistant, { input: { messages: [{ type: 'ai', content: 'x' }] } })).rejects.toMatchObject({
      status: 422,
    });
    const badMode = await call(server.baseUrl, 'POST', `/langgraph/threads/${threadId}/runs`, {
      assistant_id: assistant,
      input: human('x'),
      stream_mode: 'nope',
    });
    expect(badMode.status).toBe(400);
    expect(badMode.body.detail).toMatch(/^stream_mode: /);
    const bob = clientAt(api, BOB_KEY);
    await expect(bob.runs.list(threadId)).rejects.toMatchObject({ status: 404 });
    await expect(bob.runs.wait(threadId, assistant, { input: human('x') })).rejects.toMatchObject({ status: 404 });
    const created = await client.runs.wait('made-on-first-run', assistant, { input: human('x'), ifNotExists: 'create' });
    expect((created as any).messages).toHaveLength(2);
    expect(await messages(threadId)).toEqual([]);
  }, 60_000);
});
