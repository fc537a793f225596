import { forksStreamId, ThreadNotFound, threadStreamId } from '@forkline/domain';
import { ForkRegistry } from './fork-registry';
import { SqliteEventStore } from './sqlite-event-store';
import { ThreadForker } from './thread-forker';
import { ThreadLineage } from './thread-lineage';
import { CommandContext, ThreadRepository } from './thread-repository';

/** The registry of this process, with another process's delete closing the source just before the fork ends. */
class ClosedJustBeforeMade extends ForkRegistry {
  constructor(
    store: SqliteEventStore,
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

describe('ThreadForker', () => {
  const alice = { actor: 'alice', correlationId: 'c', causationId: null };
  let events: SqliteEventStore;
  let repository: ThreadRepository;
  const forkerWith = (forks: ForkRegistry) => new ThreadForker(repository, new ThreadLineage(events), forks);

  beforeEach(async () => {
    events = new SqliteEventStore(':memory:');
    repository = new ThreadRepository(events);
    await repository.execute({ type: 'CreateThread', threadId: 'src', ownerId: 'alice' }, alice);
  });
  afterEach(() => events.close());

  it("records the fork in the source's registry around its ThreadForked", async () => {
    const { newThreadId } = await forkerWith(new ForkRegistry(events)).fork('src', 0, alice);
    expect((await events.readStream(forksStreamId('src'))).map((e) => [e.type, (e.data as any).branchThreadId])).toEqual([
      ['BranchForked', newThreadId],
      ['BranchMade', newThreadId],
    ]);
    expect((await events.readStream(threadStreamId(newThreadId))).map((e) => e.type)).toEqual(['ThreadForked']);
  });

  it('deletes its new thread and answers 404 when a delete of the source closed the registry first', async () => {
    const forker = forkerWith(new ClosedJustBeforeMade(events, new ForkRegistry(events)));
    await expect(forker.fork('src', 0, alice)).rejects.toThrow(ThreadNotFound);
    const forks = (await events.readAll()).filter((e) => e.type === 'ThreadForked');
    expect(forks).toHaveLength(1);
    expect((await events.readStream(forks[0].streamId)).map((e) => e.type)).toEqual(['ThreadForked', 'ThreadDeleted']);
  });

  it('writes nothing for a fork point past the head', async () => {
    await expect(forkerWith(new ForkRegistry(events)).fork('src', 5, alice)).rejects.toThrow(/event_number must be between 0 and 0/);
    expect(await events.readStream(forksStreamId('src'))).toEqual([]);
  });
});
