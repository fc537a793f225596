import { AIMessage, BaseMessage, HumanMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { CheckpointSaved, checkpointStreamId } from '@forkline/domain';
import { ThreadLineage } from '@forkline/event-store';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { OfflineChatModel } from './models/offline-chat-model';
import { executorOnMemoryStores } from './run-executor.fixture';

/** The offline model, remembering every prompt it was sent as [type, text] pairs. */
class RecordingModel extends OfflineChatModel {
  readonly prompts: string[][][] = [];

  async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    this.prompts.push(messages.map((m) => [m.getType(), m.text]));
    yield* super._streamResponseChunks(messages, options);
  }
}

/** The graph state as the code before message ids kept it: each run's input replaced the whole list with the window. */
const OldAgentState = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: (_, next) => next, default: () => [] }),
  threadEventNumber: Annotation<number | null>({ reducer: (_, next) => next, default: () => null }),
  plan: Annotation<string[]>({ reducer: (_, next) => next, default: () => [] }),
  results: Annotation<string[]>({ reducer: (_, next) => next, default: () => [] }),
});

describe('RunExecutor: the graph state is the conversation', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const model = new RecordingModel();
  const { events, reads, repository, forker, runner, checkpointer, history, executor, exec } = executorOnMemoryStores(model, {
    contextMessages: 6,
  });
  let sent = 0;
  const send = async (threadId: string, content: string) => {
    await exec({ type: 'SendMessage', threadId, userId: 'u', messageId: `m${++sent}`, content });
    for (const message of (await repository.load(threadId)).state.unanswered)
      await executor.answer(threadId, message, new AbortController().signal);
    const [last] = await events.readStream(checkpointStreamId(threadId), { direction: 'backwards', limit: 1 });
    await runner.waitFor(last.position, 5000); // the reply, and the checkpoint after it, are in the read models
  };
  const conversation = async (threadId: string) =>
    (await history.messagesOf(threadId, Number.MAX_SAFE_INTEGER)).map((m) => [m.message_id, m.content]);
  const state = async (threadId: string, saver = checkpointer) =>
    ((await saver.getTuple({ configurable: { thread_id: threadId } }))!.checkpoint.channel_values.messages as BaseMessage[]).map((m) => [
      m.id,
      m.text,
    ]);
  const lastPrompt = () => model.prompts[model.prompts.length - 1].map(([, text]) => text);
  const messageBlobs = async (threadId: string) =>
    (await events.readStream(checkpointStreamId(threadId)))
      .filter((e) => e.type === 'CheckpointSaved')
      .map((e) => (e.data as CheckpointSaved['data']).blobs.messages.value)
      .map((value) => ('append' in value ? `append ${value.append[0]}` : Object.keys(value).join()));

  beforeAll(() => runner.start());
  afterAll(async () => {
    await runner.stop();
    await events.close();
    await reads.close();
  });

  it('keeps every message under its Forkline id; each run adds only its turn; the model is sent the trimmed window', async () => {
    await exec({ type: 'CreateThread', threadId: 'ids', ownerId: 'u' });
    for (const q of ['q1', 'q2', 'q3', 'q4']) await send('ids', q);
    expect(await state('ids')).toEqual(await conversation('ids'));
    expect(await state('ids')).toHaveLength(8);
    expect(lastPrompt()).toEqual((await conversation('ids')).slice(1, 7).map(([, text]) => text)); // the newest 6 up to q4
    // The first run stores its list; every later one only what it appends to its parent's, as references to the
    // thread events that added those messages: a fresh saver reads the same conversation back from the log.
    expect(await messageBlobs('ids')).toEqual(['full', 'append messageRefs', 'append messageRefs', 'append messageRefs']);
    const [, , , last] = (await events.readStream(checkpointStreamId('ids'))).map(
      (e) => (e.data as CheckpointSaved['data']).blobs.messages,
    );
    expect(JSON.stringify(last)).not.toContain('q4');
    expect(await state('ids', new EventSourcedCheckpointSaver(events, 'agent', 100, new ThreadLineage(events)))).toEqual(
      await conversation('ids'),
    );
  });

  it('starts the state again after a clear, and the model sees only what follows it', async () => {
    await exec({ type: 'CreateThread', threadId: 'cleared', ownerId: 'u' });
    await send('cleared', 'before');
    await exec({ type: 'ClearHistory', threadId: 'cleared', userId: 'u' });
    await send('cleared', 'after');
    expect(lastPrompt()).toEqual(['after']);
    expect(await state('cleared')).toEqual(await conversation('cleared'));
    expect((await state('cleared')).map(([, text]) => text)).toEqual(['after', expect.stringContaining('"after"')]);
  });

  it('answers a thread whose checkpoint the old code wrote, and a fork of it, and their states become conversations', async () => {
    await exec({ type: 'CreateThread', threadId: 'old', ownerId: 'u' });
    for (const n of [1, 2]) {
      const [q, a] = [`old-q${n}`, `old-a${n}`];
      await exec({ type: 'SendMessage', threadId: 'old', userId: 'u', messageId: q, content: `q${n}` });
      await exec({ type: 'StartRun', threadId: 'old', runId: `run-${q}`, replyTo: q });
      await exec({ type: 'CompleteRun', threadId: 'old', runId: `run-${q}`, replyTo: q, messageId: a, content: `a${n}` });
    }
    // What the old code checkpointed after answering q2: the window it was given (no ids) and its reply.
    const head = (await repository.load('old')).state.head;
    const oldGraph = new StateGraph(OldAgentState)
      .addNode('respond', async (s) => ({ messages: [...s.messages, new AIMessage('a2')] }))
      .addNode('record', async () => ({ threadEventNumber: head }))
      .addEdge(START, 'respond')
      .addEdge('respond', 'record')
      .addEdge('record', END)
      .compile({ checkpointer });
    const window = [new HumanMessage('q1'), new AIMessage('a1'), new HumanMessage('q2')];
    await oldGraph.invoke({ messages: window, threadEventNumber: head }, { configurable: { thread_id: 'old' }, durability: 'exit' });
    expect((await state('old')).map(([id]) => id)).toEqual([undefined, undefined, undefined, undefined]);
    // The fork point's checkpoint is found through the read models: the fork's position comes after the checkpoint's.
    const fork = await forker.fork('old', head, ctx);
    await runner.waitFor(fork.position!, 5000);

    await send('old', 'q3');
    expect(lastPrompt()).toEqual(['q1', 'a1', 'q2', 'a2', 'q3']);
    expect(await state('old')).toEqual(await conversation('old'));

    await send(fork.newThreadId, 'q3 in the fork');
    expect(lastPrompt()).toEqual(['q1', 'a1', 'q2', 'a2', 'q3 in the fork']);
    expect(await state(fork.newThreadId)).toEqual(await conversation(fork.newThreadId));
    await send(fork.newThreadId, 'q4 in the fork');
    expect((await state(fork.newThreadId)).map(([, text]) => text).slice(-2)).toEqual(['q4 in the fork', expect.stringContaining('q4')]);
    expect((await messageBlobs(fork.newThreadId)).at(-1)).toBe('append messageRefs');
    const cold = new EventSourcedCheckpointSaver(events, 'agent', 100, new ThreadLineage(events));
    expect(await state(fork.newThreadId, cold)).toEqual(await conversation(fork.newThreadId));
  });
});
