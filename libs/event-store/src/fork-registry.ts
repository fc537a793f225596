import { randomUUID } from 'crypto';
import {
  BranchForked,
  ConcurrencyConflict,
  decideForkRegistry,
  deterministicId,
  evolveForkRegistry,
  ForkRegistryCommand,
  ForkRegistryEvent,
  ForkRegistryState,
  forksStreamId,
  initialForkRegistryState,
  THREAD_SCHEMA_VERSION,
  ThreadNotFound,
} from '@forkline/domain';
import { EventStore, NewEvent, StreamDeleted, WrongExpectedRevision } from './event-store.port';
import { CommandContext, MAX_APPEND_ATTEMPTS } from './thread-repository';

/** Counts the listed branches of a source that are alive (see `liveBranchIds`). */
export type LiveBranchCount = (branches: BranchForked['data'][]) => Promise<number>;

/**
 * A thread's fork registry (`forks-<threadId>`; the protocol is in libs/domain fork-registry.ts), appended with the
 * expected revision. Not cached: the streams are a few events long and read only by forks and deletes, and a removed
 * stream may start anew on the embedded store.
 */
export class ForkRegistry {
  constructor(private readonly store: EventStore) {}

  /** Begins a fork of its source; ThreadNotFound (404 on source_thread_id) when the source is being deleted. */
  fork(branch: BranchForked['data'], context: CommandContext): Promise<void> {
    return this.run(branch.sourceThreadId, { type: 'ForkBranch', branch }, context, sourceGone(branch.sourceThreadId));
  }

  /** Ends a fork whose thread is made; ThreadNotFound when a delete of the source closed it first. */
  made(sourceThreadId: string, branchThreadId: string, context: CommandContext): Promise<void> {
    return this.run(sourceThreadId, { type: 'MakeBranch', sourceThreadId, branchThreadId }, context, sourceGone(sourceThreadId));
  }

  /** Records that a branch is gone (or was never made); nothing when the source's registry no longer lists it. */
  remove(sourceThreadId: string, branchThreadId: string, context: CommandContext): Promise<void> {
    return this.run(sourceThreadId, { type: 'RemoveBranch', sourceThreadId, branchThreadId }, context, () => undefined);
  }

  /** Closes the source to forks, or throws ThreadHasBranches when `live` finds branches alive. Closing twice is a no-op. */
  async close(sourceThreadId: string, live: LiveBranchCount, context: CommandContext): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(sourceThreadId);
      const liveBranches = state.closed ? 0 : await live([...state.branches.values()]);
      const events = decideForkRegistry({ type: 'CloseForks', sourceThreadId, liveBranches }, state);
      if (events.length === 0 || (await this.append(sourceThreadId, events, revision, context))) return;
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(forksStreamId(sourceThreadId));
    }
  }

  async load(sourceThreadId: string): Promise<{ state: ForkRegistryState; revision: number }> {
    const events = await this.store.readStream(forksStreamId(sourceThreadId));
    const state = events.reduce((s, e) => evolveForkRegistry(s, e as unknown as ForkRegistryEvent), initialForkRegistryState());
    return { state, revision: events.length ? events[events.length - 1].revision : -1 };
  }

  private async run(sourceThreadId: string, command: ForkRegistryCommand, context: CommandContext, retired: () => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(sourceThreadId);
      const events = decideForkRegistry(command, state);
      try {
        if (events.length === 0 || (await this.append(sourceThreadId, events, revision, context))) return;
      } catch (error) {
        if (!(error instanceof StreamDeleted)) throw error;
        return retired();
      }
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(forksStreamId(sourceThreadId));
    }
  }

  /** False when another writer moved the registry first (then it is read again). */
  private async append(sourceThreadId: string, events: ForkRegistryEvent[], revision: number, context: CommandContext): Promise<boolean> {
    const envelopes: NewEvent[] = events.map((event) => ({
      eventId: eventIdOf(event),
      type: event.type,
      data: event.data,
      metadata: { ...context, occurredAt: new Date().toISOString(), schemaVersion: THREAD_SCHEMA_VERSION },
    }));
    try {
      await this.store.append(forksStreamId(sourceThreadId), envelopes, revision < 0 ? 'no_stream' : revision);
      return true;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      return false;
    }
  }
}

/** EventStoreDB keeps a removed stream's name retired: the source is gone. */
const sourceGone = (sourceThreadId: string) => () => {
  throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
};

/** A branch's events are named by the branch, so a retried fork or removal appends nothing twice. */
function eventIdOf(event: ForkRegistryEvent): string {
  return event.type === 'ForksClosed' ? randomUUID() : deterministicId(`${event.type}:${event.data.branchThreadId}`);
}
