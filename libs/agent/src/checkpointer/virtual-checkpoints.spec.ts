import { AIMessage, BaseMessage, HumanMessage } from '@langchain/core/messages';
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore } from '@forkline/event-store';
import { EventSourcedCheckpointSaver } from './event-sourced-checkpoint-saver';
import { INPUT_EVENT_KEY, uuid6Time, virtualId } from '@forkline/domain';

describe('virtual checkpoints: the states before a run, derived from its one stored checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-virtual-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const saver = new EventSourcedCheckpointSaver(store);
  const graph = new StateGraph(MessagesAnnotation)
    .addNode('respond', async (state) => ({ messages: [new AIMessage(`answer to ${state.messages.at(-1)?.text}`)] }))
    .addEdge(START, 'respond')
    .addEdge('respond', END)
    .compile({ checkpointer: saver });
  const turn = (threadId: string, text: string | null, answered: number) =>
    graph.invoke(
      { messages: text === null ? [] : [new HumanMessage(text)] },
      { configurable: { thread_id: threadId, ...(text === null ? {} : { [INPUT_EVENT_KEY]: answered }) }, durability: 'exit' },
    );
  const texts = (tuple: { checkpoint: { channel_values: Record<string, unknown> } } | undefined) =>
    ((tuple?.checkpoint.channel_values.messages as BaseMessage[] | undefined) ?? []).map((m) => m.text);
  const at = (threadId: string, checkpointId: string) =>
    saver.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: '', checkpoint_id: checkpointId } });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('derives ids that sort between the stored checkpoint and its parent and never repeat one', () => {
    const id = '1f0c9a2e-3b4d-6e5f-8001-0123456789ab';
    const input = virtualId(id, 'input');
    const root = virtualId(id, 'root');
    expect([root < input, input < id]).toEqual([true, true]);
    expect(input.slice(-12)).not.toBe(id.slice(-12));
    expect(Date.parse(uuid6Time(input))).toBeLessThanOrEqual(Date.parse(uuid6Time(id)));
  });

  it('links each run to its input checkpoint, the first one to an empty root, and serves their states', async () => {
    await turn('t', 'one', 1);
    await turn('t', 'two', 3);
    const links = await saver.checkpointLinks('t');
    expect(links).toHaveLength(5);
    const stored = links.filter((l) => !l.virtual).sort((a, b) => (a.checkpointId < b.checkpointId ? -1 : 1));
    const [x1, x2] = stored.map((l) => l.checkpointId);
    const byId = new Map(links.map((l) => [l.checkpointId, l]));
    const i2 = byId.get(x2)!.parentCheckpointId!;
    const i1 = byId.get(x1)!.parentCheckpointId!;
    const r1 = byId.get(i1)!.parentCheckpointId!;
    expect([byId.get(i2)!.virtual, byId.get(i2)!.parentCheckpointId, byId.get(i2)!.threadEventNumber]).toEqual(['input', x1, 3]);
    expect([byId.get(r1)!.virtual, byId.get(r1)!.parentCheckpointId]).toEqual(['root', null]);
    expect(texts(await at('t', i2))).toEqual(['one', 'answer to one', 'two']);
    expect(texts(await at('t', r1))).toEqual([]);
    expect((await saver.getTuple({ configurable: { thread_id: 't' } }))?.config.configurable?.checkpoint_id).toBe(x2);
  });

  it('starts a fork at a virtual checkpoint: a run without input answers its message; a run from the root starts anew', async () => {
    const links = await saver.checkpointLinks('t');
    const input = links.filter((l) => l.virtual === 'input').sort((a, b) => (a.checkpointId < b.checkpointId ? 1 : -1))[0];
    await saver.forkFrom('regen', { threadId: 't', checkpointId: input.checkpointId }, input.threadEventNumber);
    await turn('regen', null, 3);
    expect(texts(await saver.getTuple({ configurable: { thread_id: 'regen' } }))).toEqual(['one', 'answer to one', 'two', 'answer to two']);
    // Its input added nothing: no input checkpoint of its own, its parent is the fork's (which stands for the virtual one).
    expect((await saver.checkpointLinks('regen')).filter((l) => l.virtual)).toEqual([]);

    const root = links.find((l) => l.virtual === 'root')!;
    await saver.forkFrom('edit', { threadId: 't', checkpointId: root.checkpointId }, root.threadEventNumber);
    await turn('edit', 'one (edited)', 5);
    expect(texts(await saver.getTuple({ configurable: { thread_id: 'edit' } }))).toEqual(['one (edited)', 'answer to one (edited)']);
    expect((await saver.checkpointLinks('edit')).filter((l) => l.virtual).map((l) => l.virtual)).toEqual(['input']);
  });
});
