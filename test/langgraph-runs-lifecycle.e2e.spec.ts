import { assistant, long, human, collect, langgraphRunsServer } from './support/langgraph-runs';
import { ALICE_KEY, call, eventually } from './support/test-app';

/**
 * LangGraph runs on threads through the SDK client: wait, background, join, list, the multitask strategies, cancel and
 * on_disconnect, and those runs as the threads face shows them.
 */
describe('LangGraph runs: wait, background, multitask, cancel', () => {
  const lg = langgraphRunsServer();

  it('waits, runs in the background, joins, lists and reads runs; the runs are the threads face’s', async () => {
    const threadId = await lg.newThread();
    const values: any = await lg.client.runs.wait(threadId, assistant, { input: human('first'), metadata: { source: 'test' } });
    expect(values.messages.map((m: any) => [m.type, m.content.slice(0, 5)])).toEqual([
      ['human', 'first'],
      ['ai', '[offl'],
    ]);
    const background = await lg.client.runs.create(threadId, assistant, { input: human('second'), multitaskStrategy: 'enqueue' });
    expect(background).toMatchObject({
      thread_id: threadId,
      status: expect.stringMatching(/pending|running/),
      multitask_strategy: 'enqueue',
    });
    const joined: any = await lg.client.runs.join(threadId, background.run_id);
    expect(joined.messages).toHaveLength(4);
    const runs = await lg.client.runs.list(threadId);
    expect(runs.map((r) => r.run_id)[0]).toBe(background.run_id);
    expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
    expect(runs[1].metadata).toEqual({ source: 'test' });
    expect(await lg.client.runs.list(threadId, { status: 'error' })).toEqual([]);
    // The same conversation on the threads face, with the same message ids, and the run in the event log.
    const native = await lg.messages(threadId);
    expect(native.map((m: any) => m.message_id)).toEqual(joined.messages.map((m: any) => m.id));
    const events = (await call(lg.server.baseUrl, 'GET', `/threads/${threadId}/events`)).body.map((e: any) => e.type);
    expect(events.filter((t: string) => /^(UserMessageAdded|RunStarted|AssistantMessageAdded|RunCompleted)$/.test(t))).toEqual(
      Array(2).fill(['UserMessageAdded', 'RunStarted', 'AssistantMessageAdded', 'RunCompleted']).flat(),
    );
  }, 60_000);

  it('multitask: reject answers 409, enqueue runs after, interrupt stops the run in flight, rollback deletes it', async () => {
    const threadId = await lg.newThread();
    const first = await lg.client.runs.create(threadId, assistant, { input: human(long('first')) });
    await expect(lg.client.runs.create(threadId, assistant, { input: human('refused') })).rejects.toMatchObject({ status: 409 });
    const queued = await lg.client.runs.create(threadId, assistant, { input: human('queued'), multitaskStrategy: 'enqueue' });
    await lg.client.runs.join(threadId, queued.run_id);
    expect((await lg.client.runs.get(threadId, first.run_id)).status).toBe('success');
    expect((await lg.messages(threadId)).map((m: any) => m.content.slice(0, 6))).toEqual(['first ', 'queued', '[offli', '[offli']);

    const slow = await lg.client.runs.create(threadId, assistant, { input: human(long('slow')) });
    const interrupting = await lg.client.runs.create(threadId, assistant, { input: human('now'), multitaskStrategy: 'interrupt' });
    await lg.client.runs.join(threadId, interrupting.run_id);
    expect((await lg.client.runs.get(threadId, slow.run_id)).status).toBe('interrupted');
    expect((await lg.client.runs.get(threadId, interrupting.run_id)).status).toBe('success');

    const doomed = await lg.client.runs.create(threadId, assistant, { input: human(long('doomed')) });
    await lg.firstToken(threadId, doomed.run_id); // so it has a partial answer to roll back too
    const rolling = await lg.client.runs.create(threadId, assistant, { input: human('instead'), multitaskStrategy: 'rollback' });
    await lg.client.runs.join(threadId, rolling.run_id);
    await expect(lg.client.runs.get(threadId, doomed.run_id)).rejects.toMatchObject({ status: 404 });
    // Its message and its partial answer (which echoes it) went with it.
    expect((await lg.messages(threadId)).some((m: any) => m.content.includes('doomed'))).toBe(false);
  }, 90_000);

  it('cancel is Forkline’s stop: the run ends interrupted and its partial answer stays', async () => {
    const threadId = await lg.newThread();
    const run = await lg.client.runs.create(threadId, assistant, { input: human(long('stop me')) });
    await lg.firstToken(threadId, run.run_id); // so there is a partial answer to keep
    await lg.client.runs.cancel(threadId, run.run_id, true);
    expect((await lg.client.runs.get(threadId, run.run_id)).status).toBe('interrupted');
    const kept = await eventually(
      () => lg.messages(threadId),
      (list) => list.length === 2,
    );
    expect(kept[1].content.length).toBeGreaterThan(0);
    expect(kept[1].content.length).toBeLessThan(long('stop me').length);
    await expect(lg.client.runs.cancel(threadId, 'no-such-run')).rejects.toMatchObject({ status: 404 });
    // A queued run cancelled before it starts has no live records: its stream ends from its durable end.
    const running = await lg.client.runs.create(threadId, assistant, { input: human(long('running')) });
    const queued = await lg.client.runs.create(threadId, assistant, { input: human('queued'), multitaskStrategy: 'enqueue' });
    await lg.client.runs.cancel(threadId, queued.run_id, false);
    const parts = await collect(lg.client.runs.joinStream(threadId, queued.run_id, { streamMode: ['values'] }));
    expect(parts.map((p) => p.event)).toEqual(['metadata', 'values']);
    expect(parts[1].data.messages.at(-1).content).toBe('queued');
    expect((await lg.client.runs.get(threadId, queued.run_id)).status).toBe('interrupted');
    expect((await lg.client.runs.get(threadId, running.run_id)).status).toMatch(/pending|running/);
  }, 60_000);

  it('on_disconnect: cancel stops the run when its stream is closed early; continue (the default) lets it finish', async () => {
    const threadId = await lg.newThread();
    const closeEarly = async (body: Record<string, unknown>) => {
      const abort = new AbortController();
      const response = await fetch(`${lg.api}/threads/${threadId}/runs/stream`, {
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
      () => lg.client.runs.get(threadId, cancelled),
      (run) => run.status === 'interrupted',
    );
    const continued = await closeEarly({ input: human(long('continue on close')) });
    expect((await lg.client.runs.join(threadId, continued)) as any).toMatchObject({ messages: expect.any(Array) });
    expect((await lg.client.runs.get(threadId, continued)).status).toBe('success');
  }, 60_000);
});
