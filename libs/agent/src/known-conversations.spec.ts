import { BaseMessage, HumanMessage } from '@langchain/core/messages';
import { messagesStateReducer } from '@langchain/langgraph';
import { copyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import { checkpointStreamId } from '@forkline/domain';
import { Segment } from '@forkline/read-models';
import { conversationInput } from './conversation-input';
import { KnownConversations } from './known-conversations';
import { OfflineChatModel } from './models/offline-chat-model';
import { executorOnMemoryStores } from './run-executor.fixture';
import { markStateOnly } from './state-only-messages';

const ctx = { actor: 'u', correlationId: 'c', causationId: null };

describe('KnownConversations: a run reads only what is new in its conversation, and gets the full comparison’s input', () => {
  const { events, reads, repository, forker, runner, checkpointer, history, executor, exec } = executorOnMemoryStores(
    new OfflineChatModel(),
  );
  /** Every run's input, the message rows it read for it, and the input the full comparison gives at that moment. */
  const runs: Array<{ threadId: string; rows: number; input: string[][]; full: string[][] }> = [];
  let rows = 0;
  const seen = (m: BaseMessage) => [m.getType(), m.id ?? '', m.getType() === 'remove' ? '' : m.text];
  const input = KnownConversations.prototype.input;
  jest.spyOn(KnownConversations.prototype, 'input').mockImplementation(async function (
    this: KnownConversations,
    threadId,
    upTo,
    state: BaseMessage[],
    segments: Segment[] | null,
  ) {
    const full = conversationInput(state, await history.messagesOf(threadId, upTo)).map(seen);
    rows = 0;
    const given = await input.call(this, threadId, upTo, state, segments);
    runs.push({ threadId, rows, input: given.map(seen), full });
    return given;
  });
  const counted = <A extends unknown[], R extends unknown[]>(f: (...args: A) => Promise<R>, table?: (...args: A) => boolean) =>
    async function (this: unknown, ...args: A) {
      const found = await f.apply(this, args);
      if (!table || table(...args)) rows += found.length;
      return found;
    };
  reads.listMessages = counted(reads.listMessages.bind(reads));
  reads.query = counted(reads.query.bind(reads), (table) => table === 'messages') as typeof reads.query;

  let sent = 0;
  const ask = (threadId: string, content: string) => exec({ type: 'SendMessage', threadId, userId: 'u', messageId: `m${++sent}`, content });
  const answer = async (threadId: string) => {
    for (const message of (await repository.load(threadId)).state.unanswered)
      await executor.answer(threadId, message, new AbortController().signal);
    const [last] = await events.readStream(checkpointStreamId(threadId), { direction: 'backwards', limit: 1 });
    await runner.waitFor(last.position, 5000); // the reply, and the checkpoint after it, are in the read models
  };
  const send = async (threadId: string, content: string) => {
    const { events: added } = await ask(threadId, content);
    await answer(threadId);
    return added[0].data as { messageId: string };
  };
  const reply = async (threadId: string) => (await history.messagesOf(threadId, Number.MAX_SAFE_INTEGER)).at(-1)!.message_id;
  const runsOf = (threadId: string) => runs.filter((r) => r.threadId === threadId);
  /** LangGraph's updateState as the LangGraph face does it (see lean-reply.spec). */
  const updateState = async (threadId: string, messages: BaseMessage[]) => {
    const parent = (await checkpointer.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: '' } }))!;
    const checkpoint = copyCheckpoint(parent.checkpoint);
    checkpoint.id = uuid6(-1);
    checkpoint.channel_values.messages = messagesStateReducer(checkpoint.channel_values.messages as BaseMessage[], messages);
    const version = checkpointer.getNextVersion(checkpoint.channel_versions.messages as number);
    checkpoint.channel_versions.messages = version;
    const metadata = { source: 'update' as const, step: (parent.metadata?.step ?? -1) + 1, parents: {}, writes: { respond: {} } };
    await checkpointer.put(parent.config, checkpoint, metadata, { messages: version });
  };

  beforeAll(() => runner.start());
  afterAll(async () => {
    await runner.stop();
    await events.close();
    await reads.close();
  });
  afterEach(() => {
    for (const run of runs.splice(0)) expect(run.input).toEqual(run.full);
  });

  it('reads as many message rows at the 40th turn of a thread as at the 3rd', async () => {
    await exec({ type: 'CreateThread', threadId: 'long', ownerId: 'u' });
    for (let n = 1; n <= 40; n++) await send('long', `q${n}`);
    const read = runsOf('long').map((r) => r.rows);
    expect(read[0]).toBe(1); // the first run reads the whole conversation: its question
    expect(read.slice(1)).toEqual(read.slice(1).map(() => 2)); // every later one the previous reply and its question
    expect(
      runsOf('long')
        .at(-1)!
        .input.map(([type, , text]) => [type, text]),
    ).toEqual([['human', 'q40']]);
  });

  it('gives the full comparison’s input after a clear, a deleted message and a reply recorded after a queued message', async () => {
    await exec({ type: 'CreateThread', threadId: 'rw', ownerId: 'u' });
    for (const q of ['q1', 'q2', 'q3']) await send('rw', q);
    await exec({ type: 'ClearHistory', threadId: 'rw', userId: 'u' });
    const { messageId } = await send('rw', 'after the clear');
    await send('rw', 'and on');
    await exec({ type: 'DeleteMessage', threadId: 'rw', userId: 'u', messageId, message: { fileIds: [] } });
    await send('rw', 'after a deleted question');
    await exec({ type: 'DeleteMessage', threadId: 'rw', userId: 'u', messageId: await reply('rw'), message: { fileIds: [] } });
    await send('rw', 'after a deleted answer');
    // Two questions before any answer: the second's run sees no answer to the first, whose reply comes after it.
    await ask('rw', 'queued 1');
    await ask('rw', 'queued 2');
    await answer('rw');
    await send('rw', 'after the queue');
    await send('rw', 'and on again');
    const restarted = runsOf('rw').map((r) => r.input[0]?.[0] === 'remove');
    expect(restarted).toEqual([false, false, false, true, false, true, true, false, true, true, false]);
    expect(runsOf('rw').at(-1)!.rows).toBe(2);
  });

  it('gives the full comparison’s input in a fork, also after a message of its source is deleted', async () => {
    await exec({ type: 'CreateThread', threadId: 'src', ownerId: 'u' });
    const { messageId } = await send('src', 'q1');
    await send('src', 'q2');
    const fork = await forker.fork('src', (await repository.load('src')).state.head, ctx);
    await runner.waitFor(fork.position!, 5000);
    for (const q of ['f1', 'f2', 'f3']) await send(fork.newThreadId, q);
    await send('src', 'q3 in the source');
    expect(runsOf(fork.newThreadId).at(-1)!.rows).toBe(2);
    await exec({ type: 'DeleteMessage', threadId: 'src', userId: 'u', messageId, message: { fileIds: [] } });
    await send(fork.newThreadId, 'f4');
    expect(runsOf(fork.newThreadId).map((r) => r.input[0]?.[0] === 'remove')).toEqual([false, false, false, true]);
  });

  it('gives the full comparison’s input after a client wrote into the state by hand', async () => {
    await exec({ type: 'CreateThread', threadId: 'hand', ownerId: 'u' });
    for (const q of ['q1', 'q2']) await send('hand', q);
    await updateState('hand', [markStateOnly(new HumanMessage({ content: 'set by hand', id: 'by-hand' }))]);
    await send('hand', 'q3');
    // The state already holds the question: the run adds nothing.
    const { state } = await ask('hand', 'q4');
    await updateState('hand', [new HumanMessage({ content: 'q4', id: state.unanswered[0].messageId })]);
    await answer('hand');
    await send('hand', 'q5');
    expect(runsOf('hand').map((r) => r.input.length)).toEqual([1, 1, 1, 0, 1]);
    expect(
      runsOf('hand')
        .slice(1)
        .map((r) => r.rows),
    ).toEqual([2, 2, 2, 2]);
    // A same-id message with another text is no beginning of the conversation: the state restarts from the log.
    await updateState('hand', [new HumanMessage({ content: 'edited', id: 'm' + (sent - 1) })]);
    await send('hand', 'q6');
    expect(runsOf('hand').at(-1)!.input[0][0]).toBe('remove');
  });
});
