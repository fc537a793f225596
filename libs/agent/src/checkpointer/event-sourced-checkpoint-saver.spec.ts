import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CheckpointSaved } from '@forkline/domain';
import { SqliteEventStore } from '@forkline/event-store';
import { EventSourcedCheckpointSaver } from './event-sourced-checkpoint-saver';
import { LinearValues } from './linear-values';

describe('EventSourcedCheckpointSaver: linear storage and forks by reference', () => {
  const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-saver-')), 'events.db'));
  const saver = new EventSourcedCheckpointSaver(store);
  const graph = new StateGraph(MessagesAnnotation)
    .addNode('respond', async (state) => ({ messages: [new AIMessage(`answer ${state.messages.length} `.repeat(20))] }))
    .addEdge(START, 'respond')
    .addEdge('respond', END)
    .compile({ checkpointer: saver });
  const turns = async (threadId: string, n: number) => {
    for (let i = 0; i < n; i++)
      await graph.invoke({ messages: [new HumanMessage(`question ${i} `.repeat(10))] }, { configurable: { thread_id: threadId } });
  };
  const stored = async (threadId: string) =>
    (await store.readStream(`checkpoints-${threadId}`)).reduce((sum, e) => sum + JSON.stringify(e.data).length, 0);
  const messageBlobs = async (threadId: string) =>
    (await store.readStream(`checkpoints-${threadId}`))
      .filter((e) => e.type === 'CheckpointSaved' && (e.data as CheckpointSaved['data']).blobs.messages)
      .map((e) =>
        Object.keys((e.data as CheckpointSaved['data']).blobs.messages.value)
          .filter((k) => k !== 'extends')
          .join(),
      );
  afterAll(() => store.close());

  it('stores each message once: later message values point at the writes that carried them', async () => {
    await turns('linear', 10);
    const first = await stored('linear');
    await turns('linear', 10);
    const second = (await stored('linear')) - first;
    await turns('linear', 10);
    const third = (await stored('linear')) - first - second;
    expect(third / second).toBeLessThan(1.1); // each 10 turns cost the same: no re-copying of the history
    const kinds = await messageBlobs('linear');
    expect(kinds.filter((k) => k === 'full')).toHaveLength(0);
    expect(new Set(kinds)).toEqual(new Set(['sameAsWrite', 'appendWrites'])); // the first turn's list is its first write

    const state = await graph.getState({ configurable: { thread_id: 'linear' } });
    const tuple = await new EventSourcedCheckpointSaver(store).getTuple({ configurable: { thread_id: 'linear' } });
    const texts = (ms: unknown) => (ms as AIMessage[]).map((m) => m.text);
    expect(texts(tuple!.checkpoint.channel_values.messages)).toEqual(texts(state.values.messages));
    expect(state.values.messages).toHaveLength(60);
  });

  it('starts a fork at the source checkpoint by reference and continues it without copying', async () => {
    await turns('source', 3);
    const head = (await saver.getTuple({ configurable: { thread_id: 'source' } }))!;
    await saver.forkFrom('fork', { threadId: 'source', checkpointId: head.config.configurable!.checkpoint_id }, null);
    const forked = await saver.getTuple({ configurable: { thread_id: 'fork' } });
    expect((forked!.checkpoint.channel_values.messages as unknown[]).length).toBe(6);
    const before = await stored('fork');
    await turns('fork', 1);
    const fork = await graph.getState({ configurable: { thread_id: 'fork' } });
    expect(fork.values.messages.map((m: AIMessage) => m.getType())).toEqual(['human', 'ai', 'human', 'ai', 'human', 'ai', 'human', 'ai']);
    expect(await messageBlobs('fork')).not.toContain('full');
    expect((await stored('fork')) - before).toBeLessThan(await stored('source')); // a turn's worth, not the source's history
    expect((await graph.getState({ configurable: { thread_id: 'source' } })).values.messages).toHaveLength(6);
  });
});

describe('EventSourcedCheckpointSaver: what counts as an unchanged message', () => {
  it('stores a message again when any of its fields changed, so a fresh saver decodes what was put', async () => {
    const { ToolMessage } = await import('@langchain/core/messages');
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-saver-eq-')), 'events.db'));
    const saver = new EventSourcedCheckpointSaver(store);
    const base = { v: 4, ts: new Date().toISOString(), versions_seen: {} };
    const put = (id: string, parent: string | undefined, messages: unknown[], version: string) =>
      saver.put(
        { configurable: { thread_id: 't', checkpoint_ns: '', ...(parent && { checkpoint_id: parent }) } },
        { ...base, id, channel_values: { messages }, channel_versions: { messages: version } },
        { source: 'loop', step: 0, parents: {} },
        { messages: version },
      );
    await put(
      '1f000000-0000-6000-8000-000000000001',
      undefined,
      [new ToolMessage({ id: 'tm', content: 'x', tool_call_id: 'c', status: 'error' })],
      '1',
    );
    const changed = new ToolMessage({ id: 'tm', content: 'x', tool_call_id: 'c', status: 'success', artifact: { rows: 3 } });
    await put('1f000000-0000-6000-8000-000000000002', '1f000000-0000-6000-8000-000000000001', [changed, new AIMessage('next')], '2');
    const fresh = await new EventSourcedCheckpointSaver(store).getTuple({ configurable: { thread_id: 't' } });
    const [tool] = fresh!.checkpoint.channel_values.messages as InstanceType<typeof ToolMessage>[];
    expect(tool.status).toBe('success');
    expect(tool.artifact).toEqual({ rows: 3 });
    await store.close();
  });
});

describe('EventSourcedCheckpointSaver: a list that rewrites its tail', () => {
  it("keeps the prefix it shares with the parent's value and stores only the rest, read back as put", async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-saver-prefix-')), 'events.db'));
    const saver = new EventSourcedCheckpointSaver(store);
    const put = (id: string, parent: string | undefined, messages: unknown[]) =>
      saver.put(
        { configurable: { thread_id: 't', checkpoint_ns: '', ...(parent && { checkpoint_id: parent }) } },
        { v: 4, id, ts: new Date().toISOString(), versions_seen: {}, channel_values: { messages }, channel_versions: { messages: id } },
        { source: 'loop', step: 0, parents: {} },
        { messages: id },
      );
    const long = 'a long earlier message '.repeat(200);
    const earlier = Array.from({ length: 20 }, (_, i) => new HumanMessage({ id: `h${i}`, content: `${i} ${long}` }));
    const first = '1f000000-0000-6000-8000-000000000001';
    const second = '1f000000-0000-6000-8000-000000000002';
    await put(first, undefined, [...earlier, new AIMessage({ id: 'a1', content: 'reply to 19' })]);
    // A restart: the conversation in log order puts a queued message before the reply.
    const rewritten = [
      ...earlier.map((m) => new HumanMessage({ id: m.id, content: m.content })),
      new HumanMessage({ id: 'h20', content: 'queued' }),
    ];
    await put(second, first, [...rewritten, new AIMessage({ id: 'a1', content: 'reply to 19' })]);

    const [, saved] = await store.readStream('checkpoints-t');
    const value = (saved.data as CheckpointSaved['data']).blobs.messages.value;
    expect(value).toMatchObject({ prefixOf: { checkpointId: first, keep: 20 } });
    expect(JSON.stringify(value).length).toBeLessThan(long.length);
    const fresh = await new EventSourcedCheckpointSaver(store).getTuple({ configurable: { thread_id: 't' } });
    const read = fresh!.checkpoint.channel_values.messages as AIMessage[];
    expect(read.map((m) => [m.getType(), m.id, m.content])).toEqual(
      [...rewritten, new AIMessage({ id: 'a1', content: 'reply to 19' })].map((m) => [m.getType(), m.id, m.content]),
    );
    await store.close();
  });
});

describe('EventSourcedCheckpointSaver: index cache', () => {
  it('keeps the checkpoint indexes of its `cachedThreads` most recently used threads only, and reads the others again', async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-saver-lru-')), 'events.db'));
    const saver = new EventSourcedCheckpointSaver(store, 'agent', 1);
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('respond', async () => ({ messages: [new AIMessage('ok')] }))
      .addEdge(START, 'respond')
      .addEdge('respond', END)
      .compile({ checkpointer: saver });
    for (const threadId of ['x', 'y'])
      await graph.invoke({ messages: [new HumanMessage('hi')] }, { configurable: { thread_id: threadId } });
    const reads = jest.spyOn(store, 'readStream');
    const fromRevisionsRead = async (threadId: string) => {
      reads.mockClear();
      const tuple = await saver.getTuple({ configurable: { thread_id: threadId } });
      expect(tuple!.checkpoint.channel_values.messages).toHaveLength(2);
      return reads.mock.calls.filter(([s]) => s === `checkpoints-${threadId}`).map(([, o]) => o?.fromRevision);
    };
    expect(await fromRevisionsRead('y')).not.toContain(0); // the cached one: only what is newer
    expect(await fromRevisionsRead('x')).toContain(0); // evicted by y: indexed again from the start
    expect(await fromRevisionsRead('y')).toContain(0); // and x's index evicted y's
    await store.close();
  });
});

describe('EventSourcedCheckpointSaver: a long chain of appended lists', () => {
  it('reads every list of the chain as put, newest first, each older one off the newer list already decoded', async () => {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-saver-chain-')), 'events.db'));
    const saver = new EventSourcedCheckpointSaver(store);
    const id = (i: number) => `1f000000-0000-6000-8000-${String(i).padStart(12, '0')}`;
    const lists: HumanMessage[][] = [];
    for (let i = 0; i < 60; i++) {
      lists.push([...(lists[i - 1] ?? []), new HumanMessage({ id: `h${i}`, content: `message ${i}` })]);
      await saver.put(
        { configurable: { thread_id: 't', checkpoint_ns: '', ...(i > 0 && { checkpoint_id: id(i - 1) }) } },
        {
          v: 4,
          id: id(i),
          ts: new Date().toISOString(),
          versions_seen: {},
          channel_values: { messages: lists[i] },
          channel_versions: { messages: i },
        },
        { source: 'loop', step: i, parents: {} },
        { messages: i },
      );
    }
    // A fresh saver whose cache holds a single list: decoded one by one, each list would walk the chain from the start.
    const fresh = new EventSourcedCheckpointSaver(store, 'agent', 100, undefined, 1);
    const decode = jest.spyOn(LinearValues.prototype as unknown as { decode: () => Promise<unknown> }, 'decode');
    const read: string[][] = [];
    for await (const tuple of fresh.list({ configurable: { thread_id: 't' } }))
      read.push((tuple.checkpoint.channel_values.messages as HumanMessage[]).map((m) => String(m.content)));
    expect(read).toEqual(lists.map((list) => list.map((m) => String(m.content))).reverse());
    expect(decode.mock.calls.length).toBeLessThan(5); // the newest list once; the rest sliced off it
    decode.mockRestore();
    await store.close();
  });
});
