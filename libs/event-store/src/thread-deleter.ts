import { BranchForked, ThreadCommand } from '@forkline/domain';
import { liveBranchIds } from './branch-liveness';
import { EventStore } from './event-store.port';
import { ForkRegistry } from './fork-registry';
import { CommandContext, CommandOutcome, ThreadRepository } from './thread-repository';

/** The ids of a thread's forks as the read models list them (forks made before the registry are only there). */
export type ListedBranches = (threadId: string) => Promise<string[]>;

/** Listed only by the read models: no fork of it is in progress, so a branch whose thread is not there is gone. */
const LONG_AGO = new Date(0).toISOString();

/**
 * Deletes a thread, for every face that deletes one: closes its fork registry and records ThreadDeleted, in one write on
 * a store that appends to several streams at once, else one after the other (a delete failing in between leaves the
 * thread closed to forks). The registry is where a fork of the thread in any process meets the delete (libs/domain
 * fork-registry.ts): of the two, one loses, so no fork outlives the history it inherits. Callers check that the thread
 * is the user's first.
 */
export class ThreadDeleter {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly forks: ForkRegistry,
    private readonly store: EventStore,
    private readonly listed: ListedBranches,
  ) {}

  /**
   * ThreadHasBranches while a fork of the thread is alive, read from the forks' own streams (a branch deleted just
   * before, e.g. by the same request, no longer counts, whatever the read models say yet). Alone on the thread's
   * lineage in this process, as a fork of it is.
   */
  delete(threadId: string, userId: string, context: CommandContext): Promise<CommandOutcome> {
    return this.repository.aloneOnLineage(threadId, async () => {
      const listed = await this.listed(threadId);
      const live = async (registered: BranchForked['data'][]) => {
        const branches = new Map(listed.map((id) => [id, { sourceThreadId: threadId, branchThreadId: id, forkedAt: LONG_AGO }]));
        for (const branch of registered) branches.set(branch.branchThreadId, branch);
        return (await liveBranchIds(this.store, threadId, [...branches.values()])).length;
      };
      const command: ThreadCommand = { type: 'DeleteThread', threadId, userId, branchCount: 0 };
      // One write where the store can: a refused or failed delete then leaves the registry open.
      if (this.store.appendAtomically)
        return this.repository.execute(command, context, (append) => this.forks.closeWith(threadId, live, context, append));
      await this.forks.close(threadId, live, context);
      return this.repository.execute(command, context);
    });
  }
}
