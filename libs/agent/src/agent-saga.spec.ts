import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import { ThreadCommand, threadStreamId } from '@forkline/domain';
import { RecordedEvent, SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { ALL_PROJECTORS, projectable, ProjectionRunner, SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { AgentSaga, AgentSagaDeps } from './agent-saga';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { RunLeases } from './leases/run-leases';

/** Answers `re <question>` in two chunks, holding the second until the test opens the question's gate. */
class GatedModel extends BaseChatModel {
  readonly started: string[] = [];
  readonly held = new Set<string>();
  readonly seen = new Map<string, string[]>();
  private readonly open = new Set<string>();
  private readonly gates = new Map<string, () => void>();
  private allOpen = false;

  release(...questions: string[]): void {
    for (const q of questions) {
      this.open.add(q);
      this.gates.get(q)?.();
    }
  }

  /** At the end of a test: nothing stays held, whatever the test left. */
  releaseAll(): void {
    this.allOpen = true;
    this.release(...this.gates.keys());
  }

  _llmType() {
    return 'gated';
  }

  async _generate(): Promise<ChatResult> {
    throw new Error('the agent streams');
  }

  async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    const question = messages[messages.length - 1].text;
    this.started.push(question);
    this.seen.set(
      question,
      messages.map((m) => m.text),
    );
    yield chunk(`re ${question}`);
    this.held.add(question);
    try {
      if (!this.allOpen && !this.open.has(question))
        await new Promise<void>((resolve, reject) => {
          this.gates.set(question, resolve);
          options.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        });
    } finally {
      this.held.delete(question);
    }
    yield chunk('.');
  }
}

const chunk = (text: string) => new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => unknown | Promise<unknown>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await pause(10);
    }
  }
}

describe('AgentSaga over the SQLite stores', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let repository: ThreadRepository;
  let model: GatedModel;
  let saga: AgentSaga;
  let runner: ProjectionRunner;
  /** Set by a nested describe for its tests. */
  let limits: Pick<AgentSagaDeps, 'maxConcurrentRuns' | 'contextChars'> = {};

  const exec = (command: ThreadCommand) => repository.execute(command, ctx);
  const create = (threadId: string) => exec({ type: 'CreateThread', threadId, ownerId: 'u' });
  const send = (threadId: string, messageId: string) => exec({ type: 'SendMessage', threadId, userId: 'u', messageId, content: messageId });
  const logOf = (threadId: string) => events.readStream(threadStreamId(threadId));
  const replies = async (threadId: string) =>
    (await logOf(threadId))
      .filter((e) => e.type === 'AssistantMessageAdded')
      .map((e) => e.data as { replyTo: string; content: string; stopped?: boolean })
      .map(({ replyTo, content, stopped }) => [replyTo, content, ...(stopped ? ['stopped'] : [])]);

  beforeEach(async () => {
    events = new SqliteEventStore(':memory:');
    reads = new SqliteReadStore(':memory:');
    repository = new ThreadRepository(events);
    model = new GatedModel({});
    const checkpointer = new EventSourcedCheckpointSaver(events);
    const history = new ThreadHistory(reads);
    saga = new AgentSaga({
      repository,
      readStore: reads,
      history,
      model,
      checkpointer,
      leases: new RunLeases(events),
      log: () => undefined,
      ...limits,
    });
    runner = new ProjectionRunner(events, reads, ALL_PROJECTORS, saga.afterCommit);
    await runner.start();
    await saga.resume();
  });

  afterEach(async () => {
    model.releaseAll();
    await saga.stop();
    await runner.stop();
    await events.close();
    await reads.close();
  });

  it("answers one thread's messages strictly in order, one at a time, each seeing the conversation up to it", async () => {
    await create('a');
    for (const m of ['a1', 'a2', 'a3']) await send('a', m);
    await eventually(() => expect(model.held).toEqual(new Set(['a1'])));
    await pause(50);
    expect(model.started).toEqual(['a1']);

    model.release('a1');
    await eventually(() => expect(model.held).toEqual(new Set(['a2'])));
    expect(model.started).toEqual(['a1', 'a2']);
    expect(model.seen.get('a2')).toEqual(['a1', 'a2']);

    model.release('a2', 'a3');
    await eventually(async () =>
      expect(await replies('a')).toEqual([
        ['a1', 're a1.'],
        ['a2', 're a2.'],
        ['a3', 're a3.'],
      ]),
    );
    expect(model.seen.get('a3')).toEqual(['a1', 'a2', 'a3']);
  });

  it('answers different threads at the same time', async () => {
    await create('a');
    await create('b');
    await send('a', 'a1');
    await send('b', 'b1');
    await eventually(() => expect(model.held).toEqual(new Set(['a1', 'b1'])));
    model.release('b1');
    await eventually(async () => expect(await replies('b')).toEqual([['b1', 're b1.']]));
    expect(await replies('a')).toEqual([]);
    model.release('a1');
    await eventually(async () => expect(await replies('a')).toEqual([['a1', 're a1.']]));
  });

  it('drains again when a message arrives just as the worker finds nothing left to answer', async () => {
    model.release('a1', 'a2');
    const clearNow = reads.clearAgentInbox.bind(reads);
    // The worker has found nothing unanswered; before it gives the thread up, a2 is appended and delivered.
    jest.spyOn(reads, 'clearAgentInbox').mockImplementationOnce(async (threadId, upTo) => {
      const { position } = await send('a', 'a2');
      await runner.waitFor(position!, 5000);
      return clearNow(threadId, upTo);
    });
    await create('a');
    await send('a', 'a1');
    await eventually(async () =>
      expect(await replies('a')).toEqual([
        ['a1', 're a1.'],
        ['a2', 're a2.'],
      ]),
    );
    expect(model.seen.get('a2')).toEqual(['a1', 're a1.', 'a2']);
  });

  it('wakes a fork only when it inherits unanswered messages', async () => {
    const forked = (threadId: string, unanswered: unknown[]): RecordedEvent => ({
      eventId: `e-${threadId}`,
      streamId: threadStreamId(threadId),
      revision: 0,
      position: 1_000n,
      type: 'ThreadForked',
      data: { threadId, ownerId: 'u', sourceThreadId: 'a', eventNumber: 0, unanswered },
      metadata: { actor: 'u', occurredAt: new Date().toISOString(), correlationId: 'c', causationId: null, schemaVersion: 1 },
    });
    const load = jest.spyOn(repository, 'load');
    saga.afterCommit(projectable([forked('answered-copy', [])]));
    await saga.idle();
    expect(load).not.toHaveBeenCalledWith('answered-copy');
    saga.afterCommit(projectable([forked('owing-copy', [{ messageId: 'm', eventNumber: 0 }])]));
    await saga.idle();
    expect(load).toHaveBeenCalledWith('owing-copy');
  });

  it('aborts only the run that a stop or a deletion names; a stopped run keeps what it streamed', async () => {
    await create('a');
    await send('a', 'a1');
    await send('a', 'a2');
    await eventually(() => expect(model.held).toEqual(new Set(['a1'])));
    await pause(20);
    await exec({ type: 'StopRun', threadId: 'a', userId: 'u' });
    await eventually(() => expect(model.held).toEqual(new Set(['a2'])));

    // The stop of a1, delivered again (a replay), and the deletion of a queued message leave a2 running.
    const stopped = (await logOf('a')).find((e) => e.type === 'RunStopped')!;
    saga.afterCommit(projectable([stopped]));
    await send('a', 'a3');
    await exec({ type: 'DeleteMessage', threadId: 'a', userId: 'u', messageId: 'a3', message: { fileIds: [] } });
    await pause(50);
    expect(model.held).toEqual(new Set(['a2']));

    model.release('a2');
    await eventually(async () =>
      expect(await replies('a')).toEqual([
        ['a1', 're a1', 'stopped'],
        ['a2', 're a2.'],
      ]),
    );
    await saga.idle();
    expect(model.started).toEqual(['a1', 'a2']);
  });

  it('lets a clear end the run in progress and the queued messages quietly: nothing of theirs after HistoryCleared', async () => {
    await create('a');
    await send('a', 'a1');
    model.release('a1');
    await eventually(async () => expect(await replies('a')).toEqual([['a1', 're a1.']]));
    await send('a', 'a2');
    await send('a', 'a3');
    await eventually(() => expect(model.held).toEqual(new Set(['a2'])));
    await exec({ type: 'ClearHistory', threadId: 'a', userId: 'u' });
    await eventually(() => expect(model.held).toEqual(new Set()));
    await saga.idle();
    const log = await logOf('a');
    const cleared = log.findIndex((e) => e.type === 'HistoryCleared');
    expect(log.slice(cleared - 2).map((e) => [e.type, (e.data as { replyTo?: string }).replyTo])).toEqual([
      ['RunStopped', 'a2'],
      ['RunStopped', 'a3'],
      ['HistoryCleared', undefined],
    ]);

    await send('a', 'a4');
    model.release('a4');
    await eventually(async () => expect((await replies('a')).at(-1)).toEqual(['a4', 're a4.']));
    expect(model.seen.get('a4')).toEqual(['a4']);
    expect(model.started).toEqual(['a1', 'a2', 'a4']);
    expect((await logOf('a')).filter((e) => e.type === 'RunFailed')).toEqual([]);
  });

  describe('with limits', () => {
    beforeAll(() => (limits = { maxConcurrentRuns: 1, contextChars: 9 }));
    afterAll(() => (limits = {}));

    it('runs at most maxConcurrentRuns at once across threads; the others wait their turn', async () => {
      for (const t of ['a', 'b']) await create(t);
      await send('a', 'a1');
      await send('b', 'b1');
      await eventually(() => expect(model.held).toEqual(new Set(['a1'])));
      await pause(50);
      expect(model.started).toEqual(['a1']);
      model.release('a1');
      await eventually(() => expect(model.held).toEqual(new Set(['b1'])));
      model.release('b1');
      await eventually(async () => expect(await replies('b')).toEqual([['b1', 're b1.']]));
    });

    it('sends the model only the newest messages that fit in contextChars', async () => {
      model.release('a1', 'a2');
      await create('a');
      await send('a', 'a1');
      await eventually(async () => expect(await replies('a')).toEqual([['a1', 're a1.']]));
      await send('a', 'a2');
      await eventually(async () => expect(await replies('a')).toHaveLength(2));
      expect(model.seen.get('a2')).toEqual(['re a1.', 'a2']); // with 'a1' it would be 10 characters
    });
  });
});
