import { createServer, request, Server } from 'http';
import { AddressInfo } from 'net';
import { assistant, long, human, clientAt, collect, langgraphRunsServer, Part } from './support/langgraph-runs';
import { ALICE_KEY } from './support/test-app';

/**
 * Streams of LangGraph runs through the SDK client: values and messages-tuple, events, the stream's headers and heartbeats, resuming a
 * run's stream after a disconnect (by hand and by the SDK itself, through a proxy that cuts the first response).
 */
describe('LangGraph run streams through the SDK client', () => {
  const lg = langgraphRunsServer();

  it('streams values and messages-tuple: metadata first, tokens under the final message id before the final state', async () => {
    const threadId = await lg.newThread();
    let created: { run_id: string; thread_id?: string } | undefined;
    const parts = await collect(
      lg.client.runs.stream(threadId, assistant, {
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
    const run = await lg.client.runs.get(threadId, created!.run_id);
    expect(run).toMatchObject({ run_id: created!.run_id, thread_id: threadId, status: 'success', multitask_strategy: 'reject' });
  }, 60_000);

  it('streams events mode: the SDK yields `events` frames, model chunks while the run is still running', async () => {
    const threadId = await lg.newThread();
    let runId = '';
    let statusAtFirstChunk = '';
    const parts: Part[] = [];
    for await (const part of lg.client.runs.stream(threadId, assistant, {
      input: human(long('evented')),
      streamMode: ['events'],
      onRunCreated: (m) => (runId = m.run_id),
    })) {
      parts.push(part);
      if (!statusAtFirstChunk && parts.at(-1)!.data?.event === 'on_chat_model_stream')
        statusAtFirstChunk = (await lg.client.runs.get(threadId, runId)).status;
    }
    // The first model chunk came while the run was working, not replayed after its end.
    expect(statusAtFirstChunk).toMatch(/^(pending|running)$/);
    expect(parts.map((p) => p.event)).toEqual(['metadata', ...parts.slice(1).map(() => 'events')]);
    const events = parts.slice(1).map((p) => p.data);
    expect(events[0]).toMatchObject({ event: 'on_chain_start', name: 'LangGraph', run_id: runId, metadata: { thread_id: threadId } });
    expect(events.at(-1)).toMatchObject({ event: 'on_chain_end', name: 'LangGraph', run_id: runId });
    const chunks = events.filter((e) => e.event === 'on_chat_model_stream').map((e) => e.data.chunk);
    const answer = events.at(-1).data.output.messages[1];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.content).join('')).toBe(answer.content);
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set([answer.id]));
    expect((await lg.client.runs.get(threadId, runId)).status).toBe('success');
  }, 60_000);

  it('sends Content-Location, a Location relative to the API root, text/event-stream and heartbeats', async () => {
    const threadId = await lg.newThread();
    const response = await fetch(`${lg.api}/threads/${threadId}/runs/stream`, {
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

  it('resumes a stream after a disconnect with Last-Event-ID: nothing lost, nothing repeated', async () => {
    const threadId = await lg.newThread();
    const streamMode: Array<'values' | 'messages-tuple'> = ['values', 'messages-tuple'];
    let runId = '';
    const first: Part[] = [];
    for await (const part of lg.client.runs.stream(threadId, assistant, {
      input: human(long('resume')),
      streamMode,
      onRunCreated: (m) => (runId = m.run_id),
    })) {
      first.push(part);
      if (first.length === 4) break;
    }
    const rest = await collect(lg.client.runs.joinStream(threadId, runId, { lastEventId: first.at(-1)!.id, streamMode }));
    const whole = await collect(lg.client.runs.joinStream(threadId, runId, { lastEventId: '-1', streamMode }));
    expect([...first, ...rest].map((p) => p.id)).toEqual(whole.map((_, i) => String(i)));
    expect([...first, ...rest]).toEqual(whole);
    expect(whole.at(-1)!.event).toBe('values');
  }, 60_000);

  it('the SDK reconnects by itself through Location with Last-Event-ID when the connection drops', async () => {
    const threadId = await lg.newThread();
    const target = new URL(lg.server.baseUrl);
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
      const whole = await collect(lg.client.runs.joinStream(threadId, runId, { lastEventId: '-1', streamMode }));
      expect(parts.map((p) => p.id)).toEqual(whole.map((_, i) => String(i)));
      expect(parts).toEqual(whole);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  }, 60_000);
});
