import { ThreadState } from '@langchain/langgraph-sdk';
import { langgraphApp } from './support/langgraph-app';
import { eventually } from './support/test-app';

type Msg = { type: string; content: string; id: string };
const messagesOf = (s: ThreadState) => ((s.values as { messages?: Msg[] }).messages ?? []).map((m) => `${m.type}:${m.content}`);
const human = (content: string) => ({ messages: [{ type: 'human', content }] });

/**
 * Issue 16: a Forkline run stores one checkpoint (its answer), yet the LangGraph face shows the checkpoints LangGraph writes
 * before it (the state with the run's message applied, and before a thread's first message an empty one), derived from the
 * stored one; history, state, runs and state updates take them as any checkpoint.
 */
describe('LangGraph face: the checkpoints before each run, derived rather than stored', () => {
  const assistant = 'assistant';
  const lg = langgraphApp();

  it('lists an empty root, then each turn as its input and its answer, chained by parent, newest first, paged by before', async () => {
    const { thread_id } = await lg.client.threads.create();
    await lg.client.runs.wait(thread_id, assistant, { input: human('one') });
    await lg.client.runs.wait(thread_id, assistant, { input: human('two') });
    const history = await lg.client.threads.getHistory(thread_id, { limit: 10 });
    expect(history.map((s) => messagesOf(s).length)).toEqual([4, 3, 2, 1, 0]);
    expect(history.map((s) => messagesOf(s).at(-1) ?? null)).toEqual([
      expect.stringMatching(/^ai:/),
      'human:two',
      expect.stringMatching(/^ai:/),
      'human:one',
      null,
    ]);
    const ids = history.map((s) => s.checkpoint.checkpoint_id!);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(history.map((s) => s.parent_checkpoint?.checkpoint_id ?? null)).toEqual([...ids.slice(1), null]);
    // Messages keep their ids from the input checkpoint to the answer.
    expect((history[1].values as { messages: Msg[] }).messages.map((m) => m.id)).toEqual(
      (history[0].values as { messages: Msg[] }).messages.slice(0, 3).map((m) => m.id),
    );
    const page = await lg.client.threads.getHistory(thread_id, { limit: 2, before: { configurable: { checkpoint_id: ids[1] } } });
    expect(page.map((s) => s.checkpoint.checkpoint_id)).toEqual(ids.slice(2, 4));
    const state = await lg.client.threads.getState(thread_id, ids[1]);
    expect([messagesOf(state), state.parent_checkpoint?.checkpoint_id]).toEqual([messagesOf(history[1]), ids[2]]);
    expect(Date.parse(state.created_at!)).toBeLessThanOrEqual(Date.parse(history[0].created_at!));
  });

  it('regenerates from an input checkpoint (no input), edits from the root one, and updates state at one', async () => {
    const { thread_id } = await lg.client.threads.create();
    await lg.client.runs.wait(thread_id, assistant, { input: human('one') });
    await lg.client.runs.wait(thread_id, assistant, { input: human('two') });
    const [, input, , , root] = await lg.client.threads.getHistory(thread_id, { limit: 10 });

    // Each regenerate is one more answer at the same input checkpoint, as in LangGraph (not a chain of inputs).
    await lg.client.runs.wait(thread_id, assistant, { input: undefined, checkpoint: input.checkpoint });
    await lg.client.runs.wait(thread_id, assistant, { input: undefined, checkpoint: input.checkpoint });
    let history = await lg.client.threads.getHistory(thread_id, { limit: 20 });
    const answers = history.filter((s) => s.parent_checkpoint?.checkpoint_id === input.checkpoint.checkpoint_id);
    expect(answers.map((s) => messagesOf(s).slice(0, 3))).toEqual([messagesOf(input), messagesOf(input), messagesOf(input)]);
    expect(answers.map((s) => messagesOf(s).length)).toEqual([4, 4, 4]);
    expect(messagesOf(await lg.client.threads.getState(thread_id))).toEqual([...messagesOf(input), expect.stringMatching(/^ai:/)]);

    await lg.client.runs.wait(thread_id, assistant, {
      input: human('one, edited'),
      checkpoint: root.checkpoint,
    });
    history = await lg.client.threads.getHistory(thread_id, { limit: 20 });
    const firsts = history.filter((s) => s.parent_checkpoint?.checkpoint_id === root.checkpoint.checkpoint_id);
    expect(firsts.map(messagesOf)).toEqual([['human:one, edited'], ['human:one']]);
    expect(messagesOf(await lg.client.threads.getState(thread_id))).toEqual(['human:one, edited', expect.stringMatching(/^ai:/)]);

    await lg.client.threads.updateState(thread_id, {
      values: { messages: [{ type: 'ai', content: 'set by hand', id: 'hand-1' }] },
      checkpointId: input.checkpoint.checkpoint_id!,
    });
    // As a Forkline fork at a message not yet answered does, the branch then answers it, after the update.
    const [answer, updated] = (
      await eventually(
        () => lg.client.threads.getHistory(thread_id, { limit: 2 }),
        ([head, before]) => before?.metadata?.source === 'update' && messagesOf(head).length === 5,
      )
    ).map(messagesOf);
    const update = (await lg.client.threads.getHistory(thread_id, { limit: 2 }))[1];
    expect(update.parent_checkpoint?.checkpoint_id).toBe(input.checkpoint.checkpoint_id);
    expect([updated, answer.slice(0, 4)]).toEqual([[...messagesOf(input), 'ai:set by hand'], updated]);
  }, 30_000);

  it('keeps them in a copy, up to the copy point, with the same ids', async () => {
    const { thread_id } = await lg.client.threads.create();
    await lg.client.runs.wait(thread_id, assistant, { input: human('one') });
    const source = await lg.client.threads.getHistory(thread_id, { limit: 10 });
    const copy = await lg.client.threads.copy(thread_id);
    await lg.client.runs.wait(copy.thread_id, assistant, { input: human('two') });
    const copied = await lg.client.threads.getHistory(copy.thread_id, { limit: 10 });
    expect(copied.slice(2).map((s) => s.checkpoint.checkpoint_id)).toEqual(source.map((s) => s.checkpoint.checkpoint_id));
    expect(copied[1].parent_checkpoint?.checkpoint_id).toBe(source[0].checkpoint.checkpoint_id);
    expect(copied.map((s) => messagesOf(s).length)).toEqual([4, 3, 2, 1, 0]);
  }, 30_000);
});
