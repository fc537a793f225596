import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import { ThreadCommand, threadStreamId } from '@forkline/domain';
import { SqliteEventStore, SqliteLiveRecordStore, ThreadRepository } from '@forkline/event-store';
import { ALL_PROJECTORS, ProjectedEvent, ProjectionRunner, SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { AgentSaga } from './agent-saga';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { RunLeases } from './leases/run-leases';
import { RunExecutor } from './run-executor';

/** Short, so a takeover comes soon; long enough that a busy machine's event loop does not lose a live worker's lease. */
const LEASE_MS = 1500;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chunk = (text: string) => new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });

/** Answers `<worker> re <question>`; while `hold` says so, waits (until aborted) between its two chunks. Counts calls. */
class CountingModel extends BaseChatModel {
  readonly calls: string[] = [];
  readonly aborted: string[] = [];
  hold = (_question: string) => false;
  private readonly gates: Array<() => void> = [];

  constructor(private readonly worker: string) {
    super({});
  }

  open(): void {
    this.hold = () => false;
    this.gates.splice(0).forEach((go) => go());
  }

  _llmType() {
    return 'counting';
  }

  async _generate(): Promise<ChatResult> {
    throw new Error('the agent streams');
  }

  async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    const question = messages[messages.length - 1].text;
    this.calls.push(question);
    yield chunk(`${this.worker} re `);
    if (this.hold(question))
      await new Promise<void>((resolve, reject) => {
        this.gates.push(resolve);
        options.signal?.addEventListener('abort', () => (this.aborted.push(question), reject(new Error('aborted'))), { once: true });
      });
    yield chunk(question);
  }
}

async function eventually(check: () => unknown | Promise<unknown>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return void (await check());
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await pause(10);
    }
  }
}

/** Two workers (as two processes would run them) on one event store, read store and live record store. */
describe('AgentSaga: several workers on one store', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let live: SqliteLiveRecordStore;
  let runner: ProjectionRunner;
  let feeds: Array<(events: ProjectedEvent[]) => void>;
  const sagas: AgentSaga[] = [];
  const models = { a: new CountingModel('a'), b: new CountingModel('b') };

  const worker = (name: 'a' | 'b', leases = new RunLeases(events, LEASE_MS, () => undefined)) => {
    models[name] = new CountingModel(name);
    const deps = {
      repository: new ThreadRepository(events), // each process folds threads in its own cache
      readStore: reads,
      history: new ThreadHistory(reads),
      model: models[name],
      checkpointer: new EventSourcedCheckpointSaver(events),
      liveRecords: live,
      leases,
      workerId: name,
      log: () => undefined,
    };
    const saga = new AgentSaga(deps);
    sagas.push(saga);
    return saga;
  };
  const repository = () => new ThreadRepository(events);
  const exec = (command: ThreadCommand) => repository().execute(command, ctx);
  const logOf = async (threadId: string) => (await events.readStream(threadStreamId(threadId))).map(({ type, data }) => ({ type, data }));
  const replies = async (threadId: string) =>
    (await logOf(threadId))
      .filter((e) => e.type === 'AssistantMessageAdded')
      .map((e) => [(e.data as any).replyTo, (e.data as any).content]);

  beforeEach(async () => {
    events = new SqliteEventStore(':memory:');
    reads = new SqliteReadStore(':memory:');
    live = new SqliteLiveRecordStore(':memory:');
    feeds = [];
    runner = new ProjectionRunner(events, reads, ALL_PROJECTORS, (batch) => feeds.forEach((feed) => feed(batch)));
    await runner.start();
  });

  afterEach(async () => {
    Object.values(models).forEach((m) => m.open());
    await Promise.all(sagas.splice(0).map((s) => s.stop()));
    await runner.stop();
    await Promise.all([events.close(), reads.close(), live.close()]);
  });

  it('answers every message once, in order per thread, with one model call per message across both workers', async () => {
    const [a, b] = [worker('a'), worker('b')];
    feeds.push(a.afterCommit, b.afterCommit);
    const threads = ['t1', 't2', 't3'];
    for (const t of threads) await exec({ type: 'CreateThread', threadId: t, ownerId: 'u' });
    for (let i = 1; i <= 4; i++)
      for (const t of threads) await exec({ type: 'SendMessage', threadId: t, userId: 'u', messageId: `${t}-${i}`, content: `${t}-${i}` });
    await eventually(async () => {
      for (const t of threads) expect((await replies(t)).map(([replyTo]) => replyTo)).toEqual([1, 2, 3, 4].map((i) => `${t}-${i}`));
    });
    await Promise.all([a.idle(), b.idle()]);
    const calls = [...models.a.calls, ...models.b.calls].sort();
    expect(calls).toEqual(threads.flatMap((t) => [1, 2, 3, 4].map((i) => `${t}-${i}`)).sort());
    for (const t of threads) {
      const log = await logOf(t);
      expect(log.filter((e) => e.type === 'RunStarted')).toHaveLength(4);
      expect(log.map((e) => e.type)).not.toContain('RunResumed');
      const records = await live.read(t, -1);
      expect(records.filter((r) => r.type === 'run_started').map((r) => r.data.attempt)).toEqual([1, 1, 1, 1]);
      expect(records.filter((r) => r.type === 'run_ended').map((r) => r.data.status)).toEqual(Array(4).fill('completed'));
      // Each reply was made by the worker whose claim its run records.
      for (const [replyTo, content] of await replies(t)) {
        const started = log.find((e) => e.type === 'RunStarted' && (e.data as any).replyTo === replyTo)!.data as any;
        expect(content).toBe(`${started.workerId} re ${replyTo}`);
      }
    }
  });

  it("takes over a dead worker's run after its lease expires, as attempt 2, without a new message", async () => {
    // Worker a's store connection is cut (its renewals never return): for the others it is as good as dead.
    const cut = new RunLeases(events, LEASE_MS, () => undefined);
    jest.spyOn(cut, 'renew').mockReturnValue(new Promise(() => undefined));
    const a = worker('a', cut);
    feeds.push(a.afterCommit);
    models.a.hold = () => true;
    await exec({ type: 'CreateThread', threadId: 't', ownerId: 'u' });
    await exec({ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'm1' });
    await eventually(() => expect(models.a.calls).toEqual(['m1']));

    const b = worker('b');
    feeds.push(b.afterCommit);
    await b.resume(); // its inbox names the thread; a's lease still runs: b looks again at its expiry
    await eventually(async () => expect(await replies('t')).toEqual([['m1', 'b re m1']]));
    // a lost its lease at its deadline: its model call was aborted, before b's began.
    expect(models.a.aborted).toEqual(['m1']);
    expect(models.b.calls).toEqual(['m1']);
    const log = await logOf('t');
    expect(log.filter((e) => e.type === 'RunStarted' || e.type === 'RunResumed').map((e) => e.data)).toEqual([
      expect.objectContaining({ workerId: 'a', attempt: 1 }),
      expect.objectContaining({ workerId: 'b', attempt: 2 }),
    ]);
    // The live records: a's attempt, then b's whole attempt 2, never a record of a's after b's run_started.
    await Promise.all([a.idle(), b.idle()]);
    const records = await live.read('t', -1);
    const second = records.findIndex((r) => r.type === 'run_started' && r.data.attempt === 2);
    expect(records.filter((r) => r.type === 'run_started').map((r) => r.data.attempt)).toEqual([1, 2]);
    const after = records
      .slice(second)
      .filter((r) => r.type === 'token_delta')
      .map((r) => r.data.text);
    expect(after.join('')).toBe('b re m1');
  });

  it("refuses a stale worker's answer: the thread names another attempt, so nothing it appends lands", async () => {
    // a's renewals "succeed" without reaching the store (a paused process whose lease b took over meanwhile).
    const blind = new RunLeases(events, LEASE_MS, () => undefined);
    jest.spyOn(blind, 'renew').mockResolvedValue(true);
    const executor = (name: 'a' | 'b', leases: RunLeases) =>
      new RunExecutor({
        repository: repository(),
        readStore: reads,
        history: new ThreadHistory(reads),
        model: (models[name] = new CountingModel(name)),
        checkpointer: new EventSourcedCheckpointSaver(events),
        leases,
        workerId: name,
        log: () => undefined,
      });
    const a = executor('a', blind);
    models.a.hold = () => true;
    await exec({ type: 'CreateThread', threadId: 't', ownerId: 'u' });
    const { position } = await exec({ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'm1' });
    await runner.waitFor(position!, 5000);
    const [message] = (await repository().load('t')).state.unanswered;
    const stale = a.answer('t', message, new AbortController().signal);
    await eventually(() => expect(models.a.calls).toEqual(['m1']));

    const b = executor('b', new RunLeases(events, LEASE_MS, () => undefined));
    expect(await b.answer('t', message, new AbortController().signal)).toEqual({ retryAt: expect.any(Number) });
    await pause(LEASE_MS + 200); // a wrote no renewal: its lease is over for everyone else
    await b.answer('t', message, new AbortController().signal);
    models.a.open();
    await stale;
    expect(await replies('t')).toEqual([['m1', 'b re m1']]);
    const types = (await logOf('t')).map((e) => e.type);
    expect(types.filter((t) => t === 'AssistantMessageAdded' || t === 'RunCompleted' || t === 'LogRecorded')).toEqual([
      'AssistantMessageAdded',
      'RunCompleted',
    ]);
    expect([models.a.calls, models.b.calls]).toEqual([['m1'], ['m1']]);
  });
});
