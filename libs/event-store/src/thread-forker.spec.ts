import { forksStreamId, ThreadNotFound, threadStreamId } from '@forkline/domain';
import { delegatingTo } from './delegating-event-store';
import { EventStore } from './event-store.port';
import { ForkRegistry } from './fork-registry';
import { SqliteEventStore } from './sqlite-event-store';
import { ThreadForker } from './thread-forker';
import { ThreadLineage } from './thread-lineage';
import { CommandContext, ThreadRepository } from './thread-repository';

/** The registry of this process, with another process's delete closing the source just before the fork ends. */
class ClosedJustBeforeMade extends ForkRegistry {
  constructor(
    store: EventStore,
    private readonly otherProcess: ForkRegistry,
  ) {
    super(store);
  }

  async made(sourceThreadId: string, branchThreadId: string, context: CommandContext): Promise<void> {
    // The delete read the branch's stream before its ThreadForked was there, long after the fork began.
    await this.otherProcess.close(sourceThreadId, async () => 0, context);
    return super.made(sourceThreadId, branchThreadId, context);
  }
}

/** The lineage of this process, with another process writing to the source once, right after the fork read its head. */
class WrittenAfterRead extends ThreadLineage {
  constructor(
    store: EventStore,
    private write: (() => Promise<unknown>) | undefined,
  ) {
    super(store);
  }

  async head(threadId: string) {
    const head = await super.head(threadId);
    const write = this.write;
    this.write = undefined;
    await write?.();
    return head;
  }
}

/** The same log without appends to several streams at once, as EventStoreDB offers it: a fork is three writes. */
const stepwise = (store: SqliteEventStore): EventStore => delegatingTo(store);

describe('ThreadForker', () => {
  const alice = { actor: 'alice', correlationId: 'c', causationId: null };
  let events: SqliteEventStore;
  let repository: ThreadRepository;
  const forkerWith = (forks: ForkRegistry, lineage = new ThreadLineage(events)) => new ThreadForker(repository, lineage, forks);
  const registryOf = async (source: string) =>
    (await events.readStream(forksStreamId(source))).map((e) => [e.type, (e.data as { branchThreadId?: string }).branchThreadId]);
  const forksIn = async () => (await events.readAll()).filter((e) => e.type === 'ThreadForked');

  beforeEach(async () => {
    events = new SqliteEventStore(':memory:');
    repository = new ThreadRepository(events);
    await repository.execute({ type: 'CreateThread', threadId: 'src', ownerId: 'alice' }, alice);
  });
  afterEach(() => events.close());

  it.each([
    ['in one write', () => events, ['BranchForked']],
    ['in three writes', () => stepwise(events), ['BranchForked', 'BranchMade']],
  ])("records the fork in the source's registry with its ThreadForked (%s)", async (_, store, registry) => {
    const { newThreadId } = await forkerWith(new ForkRegistry(store())).fork('src', 0, alice);
    expect(await registryOf('src')).toEqual(registry.map((type) => [type, newThreadId]));
    expect((await events.readStream(threadStreamId(newThreadId))).map((e) => e.type)).toEqual(['ThreadForked']);
  });

  it('in three writes: deletes its new thread and answers 404 when a delete of the source closed the registry first', async () => {
    const forker = forkerWith(new ClosedJustBeforeMade(stepwise(events), new ForkRegistry(events)));
    await expect(forker.fork('src', 0, alice)).rejects.toThrow(ThreadNotFound);
    const forks = await forksIn();
    expect(forks).toHaveLength(1);
    expect((await events.readStream(forks[0].streamId)).map((e) => e.type)).toEqual(['ThreadForked', 'ThreadDeleted']);
  });

  it('in one write: answers 404 and writes no thread when a delete in another process closed the registry it holds open', async () => {
    const registry = new ForkRegistry(events);
    const { newThreadId } = await forkerWith(registry).fork('src', 0, alice); // this process now holds the registry open
    await new ForkRegistry(events).close('src', async () => 0, alice);
    await expect(forkerWith(registry).fork('src', 0, alice)).rejects.toThrow(ThreadNotFound);
    expect((await forksIn()).map((e) => e.streamId)).toEqual([threadStreamId(newThreadId)]);
    expect((await registryOf('src')).map(([type]) => type)).toEqual(['BranchForked', 'ForksClosed']);
  });

  it('in one write: forks at what it reads again when another process wrote to the source after its read', async () => {
    const other = new ThreadRepository(events);
    const send = () => other.execute({ type: 'SendMessage', threadId: 'src', userId: 'alice', messageId: 'm1', content: 'hi' }, alice);
    const { newThreadId } = await forkerWith(new ForkRegistry(events), new WrittenAfterRead(events, send)).fork('src', 0, alice);
    const [forked] = await forksIn();
    expect(forked.streamId).toBe(threadStreamId(newThreadId));
    expect(forked.data).toMatchObject({ fromEventNumber: 0, sourceThreadId: 'src' });
    expect(await registryOf('src')).toEqual([['BranchForked', newThreadId]]);
  });

  it('in one write: answers 404 and writes nothing when the source was deleted after its read, its registry gone', async () => {
    // A delete whose registry was already removed (the stream janitor removes it before the thread's stream).
    const del = () =>
      new ThreadRepository(events).execute({ type: 'DeleteThread', threadId: 'src', userId: 'alice', branchCount: 0 }, alice);
    const forker = forkerWith(new ForkRegistry(events), new WrittenAfterRead(events, del));
    await expect(forker.fork('src', 0, alice)).rejects.toThrow(ThreadNotFound);
    expect(await forksIn()).toEqual([]);
    expect(await registryOf('src')).toEqual([]);
  });

  it("reports the event number it forked at: the one given, or at 'head' the source's head as it read it", async () => {
    await repository.execute({ type: 'SendMessage', threadId: 'src', userId: 'alice', messageId: 'm1', content: 'hi' }, alice);
    const forker = forkerWith(new ForkRegistry(events));
    expect((await forker.fork('src', 0, alice)).fromEventNumber).toBe(0);
    const atHead = await forker.fork('src', 'head', alice);
    expect([atHead.fromEventNumber, atHead.unanswered]).toEqual([1, 1]);
    expect((await forksIn()).map((e) => (e.data as { fromEventNumber: number }).fromEventNumber)).toEqual([0, 1]);
  });

  it('writes nothing for a fork point past the head', async () => {
    await expect(forkerWith(new ForkRegistry(events)).fork('src', 5, alice)).rejects.toThrow(/event_number must be between 0 and 0/);
    expect(await events.readStream(forksStreamId('src'))).toEqual([]);
  });
});
