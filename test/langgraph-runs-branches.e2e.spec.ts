import { assistant, long, human, clientAt, collect, langgraphRunsServer } from './support/langgraph-runs';
import { ALICE_KEY, BOB_KEY, call, eventually } from './support/test-app';

/**
 * LangGraph runs through the SDK client from earlier checkpoints (branches inside the thread, regenerate), state updates,
 * stateless runs on temporary threads, and what the face refuses.
 */
describe('LangGraph runs: branches, stateless runs, refusals', () => {
  const lg = langgraphRunsServer();

  it('runs from an earlier checkpoint on a branch inside the thread; later runs continue the newest branch', async () => {
    const threadId = await lg.newThread();
    const checkpoint = async () => (await call(lg.server.baseUrl, 'GET', `/threads/${threadId}/state`)).body.checkpoint_id as string;
    const contents = (values: any) => values.messages.map((m: any) => m.content.slice(0, 6));
    await lg.client.runs.wait(threadId, assistant, { input: human('first') });
    const afterFirst = await checkpoint();
    await lg.client.runs.wait(threadId, assistant, { input: human('second') });
    const branched: any = await lg.client.runs.wait(threadId, assistant, {
      input: human('branch'),
      checkpoint: { checkpoint_id: afterFirst, checkpoint_ns: '', checkpoint_map: null },
    });
    expect(contents(branched)).toEqual(['first', '[offli', 'branch', '[offli']);
    const first: any = await lg.client.runs.wait(threadId, assistant, { input: human('first') }); // same ids as before the branch
    expect(first.messages.slice(0, 2)).toEqual(branched.messages.slice(0, 2));
    expect(contents(first)).toEqual(['first', '[offli', 'branch', '[offli', 'first', '[offli']);
    expect((await lg.client.runs.list(threadId)).map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    // The thread's own conversation keeps its second turn.
    expect((await lg.messages(threadId)).map((m: any) => m.content.slice(0, 6))).toEqual(['first', '[offli', 'second', '[offli']);
    await expect(lg.client.runs.wait(threadId, assistant, { input: human('x'), checkpointId: 'no-such-checkpoint' })).rejects.toMatchObject(
      {
        status: 404,
      },
    );
    // Nothing waits for an answer at that checkpoint: a run without input has nothing to do there.
    await expect(lg.client.runs.wait(threadId, assistant, { input: null, checkpointId: afterFirst })).rejects.toMatchObject({
      status: 422,
    });
  }, 60_000);

  it('updates the state as a new checkpoint whose parent is the given one, which getState then shows', async () => {
    const threadId = await lg.newThread();
    const contents = (values: any) => values.messages.map((m: any) => m.content.slice(0, 6));
    await lg.client.runs.wait(threadId, assistant, { input: human('first') });
    await lg.client.runs.wait(threadId, assistant, { input: human('second') });
    const history = await lg.client.threads.getHistory<any>(threadId, { limit: 10 });
    const head = history[0];
    const given = history.find((s) => s.values.messages.length === 2)!; // the first turn answered
    const edit = { type: 'human', content: 'edited', id: 'edited-second' };
    const updated = await lg.client.threads.updateState(threadId, {
      values: { messages: [edit] },
      checkpointId: given.checkpoint.checkpoint_id!,
    });
    const updatedId = updated.configurable!.checkpoint_id as string;
    expect([head, given].map((s) => s.checkpoint.checkpoint_id)).not.toContain(updatedId);
    const state = await lg.client.threads.getState<any>(threadId); // the newest head: the update
    expect(state.checkpoint.checkpoint_id).toBe(updatedId);
    expect(state.parent_checkpoint?.checkpoint_id).toBe(given.checkpoint.checkpoint_id);
    expect(state.metadata).toMatchObject({ source: 'update' });
    expect(contents(state.values)).toEqual([...contents(given.values), 'edited']);
    expect(state.values.messages.at(-1).id).toBe('edited-second');
    expect(await lg.client.threads.getState<any>(threadId, updatedId)).toEqual(state);
    // The given checkpoint and the head it branched away from are as they were.
    expect((await lg.client.threads.getState<any>(threadId, given.checkpoint.checkpoint_id!)).values).toEqual(given.values);
    expect((await lg.client.threads.getState<any>(threadId, head.checkpoint.checkpoint_id!)).values).toEqual(head.values);
  }, 60_000);

  it('a run without input at a checkpoint where a message waits answers it again on a new branch (regenerate)', async () => {
    const threadId = await lg.newThread();
    const first = await lg.client.runs.create(threadId, assistant, { input: human(long('first')) });
    const queued = await lg.client.runs.create(threadId, assistant, { input: human('queued'), multitaskStrategy: 'enqueue' });
    await lg.client.runs.join(threadId, queued.run_id);
    const [, queuedMessage, firstAnswer, queuedAnswer] = await lg.messages(threadId);
    expect((await lg.client.runs.get(threadId, first.run_id)).status).toBe('success');
    // The first run's checkpoint was written when its answer was: the queued message was waiting there.
    const state = await call(lg.server.baseUrl, 'GET', `/threads/${threadId}/state?event_number=${firstAnswer.event_number}`);
    let runId = '';
    const again: any = await lg.client.runs.wait(threadId, assistant, {
      input: null,
      checkpointId: state.body.checkpoint_id,
      onRunCreated: (m) => (runId = m.run_id),
    });
    // As every Forkline answer, it sees the conversation up to its message: the first answer came after it.
    expect(again.messages.map((m: any) => m.content.slice(0, 6))).toEqual(['first ', 'queued', '[offli']);
    expect(again.messages[1].id).toBe(queuedMessage.message_id); // the inherited message keeps its id
    expect(again.messages[2].id).not.toBe(queuedAnswer.message_id);
    expect(await lg.messages(threadId)).toHaveLength(4);
    expect((await lg.client.runs.get(threadId, runId)).status).toBe('success');
    expect(await lg.client.runs.list(threadId)).toHaveLength(3);
  }, 60_000);

  it('stateless runs answer on a temporary thread, removed afterwards', async () => {
    const values: any = await lg.client.runs.wait(null, assistant, { input: human('no thread') });
    expect(values.messages.map((m: any) => m.type)).toEqual(['human', 'ai']);
    const parts = await collect(lg.client.runs.stream(null, assistant, { input: human('no thread either'), streamMode: 'values' }));
    expect(parts[0].event).toBe('metadata');
    expect(parts.at(-1)!.data.messages).toHaveLength(2);
    const temporary = parts[0].data.thread_id;
    await eventually(
      () => call(lg.server.baseUrl, 'GET', `/threads/${temporary}/head`),
      (r) => r.status === 404,
    );
    // on_completion: keep (the SDK's stateless calls do not send it; LangGraph's API takes it).
    const kept = await fetch(`${lg.api}/runs/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE_KEY}` },
      body: JSON.stringify({ assistant_id: assistant, input: human('keep it'), on_completion: 'keep' }),
    });
    expect(kept.headers.get('content-location')).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
    const keptThread = /"thread_id":"([^"]+)"/.exec(await kept.text())![1];
    expect((await call(lg.server.baseUrl, 'GET', `/threads/${keptThread}/messages`)).body).toHaveLength(2);
  }, 60_000);

  it("keeps a stateless run's temporary thread forked while it runs: the fork still reads its history", async () => {
    const base = lg.server.baseUrl;
    let temporary = '';
    let fork = '';
    for await (const part of lg.client.runs.stream(null, assistant, { input: human(long('forked')), streamMode: 'values' })) {
      if (temporary) continue;
      temporary = (part.data as { thread_id: string }).thread_id; // the metadata part comes first
      const forked = await call(base, 'POST', '/commands/fork-thread', { source_thread_id: temporary, event_number: 0 });
      expect(forked.status).toBe(200);
      fork = forked.body.new_thread_id;
    }
    // The run's clean-up comes after its stream ends: it refuses to delete a thread a fork reads, and says so.
    await eventually(
      async () =>
        lg.server.output().includes(`removing the temporary thread '${temporary}'`) ||
        (await call(base, 'GET', `/threads/${temporary}/head`)).status,
      (done) => done === true || done === 404,
    );
    expect((await call(base, 'GET', `/threads/${temporary}/head`)).status).toBe(200);
    expect((await call(base, 'GET', `/threads/${fork}/messages`)).status).toBe(200);
  }, 60_000);

  it('refuses what it cannot run, naming the field, and keeps threads to their owner', async () => {
    const threadId = await lg.newThread();
    await expect(lg.client.runs.wait(threadId, 'no-such-agent', { input: human('x') })).rejects.toMatchObject({ status: 404 });
    await expect(lg.client.runs.wait('missing-thread', assistant, { input: human('x') })).rejects.toMatchObject({ status: 404 });
    await expect(lg.client.runs.wait(threadId, assistant, { input: { messages: [{ type: 'ai', content: 'x' }] } })).rejects.toMatchObject({
      status: 422,
    });
    const badMode = await call(lg.server.baseUrl, 'POST', `/langgraph/threads/${threadId}/runs`, {
      assistant_id: assistant,
      input: human('x'),
      stream_mode: 'nope',
    });
    expect(badMode.status).toBe(400);
    expect(badMode.body.detail).toMatch(/^stream_mode: /);
    const bob = clientAt(lg.api, BOB_KEY);
    await expect(bob.runs.list(threadId)).rejects.toMatchObject({ status: 404 });
    await expect(bob.runs.wait(threadId, assistant, { input: human('x') })).rejects.toMatchObject({ status: 404 });
    const created = await lg.client.runs.wait('made-on-first-run', assistant, { input: human('x'), ifNotExists: 'create' });
    expect((created as any).messages).toHaveLength(2);
    expect(await lg.messages(threadId)).toEqual([]);
  }, 60_000);
});
