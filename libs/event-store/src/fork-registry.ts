import { randomUUID } from 'crypto';
import {
  BranchForked,
  ConcurrencyConflict,
  decideForkRegistry,
  deterministicId,
  foldForkRegistry,
  ForkRegistryCommand,
  ForkRegistryEvent,
  ForkRegistryState,
  forksStreamId,
  THREAD_SCHEMA_VERSION,
  ThreadNotFound,
} from '@forkline/domain';
import { EventStore, NewEvent, StreamDeleted, WrongExpectedRevision } from './event-store.port';
import { CommandContext, MAX_APPEND_ATTEMPTS } from './thread-repository';
import { DEFAULT_CACHED_THREADS, LruCache } from './lru-cache';

/** Counts the listed branches of a source that are alive (see `liveBranchIds`). */
export type LiveBranchCount = (branches: BranchForked['data'][]) => Promise<number>;

interface Folded {
  state: ForkRegistryState;
  revision: number;
}

/**
 * A thread's fork registry (`forks-<threadId>`; the protocol is in libs/domain fork-registry.ts), appended with the
 * expected revision. Each registry's fold is cached with its revision (a popular source's registry grows by two events a
 * fork) and trusted only for decisions that append: the append at that revision fails if anyone moved the registry (or
 * removed and restarted it, on the embedded store), and then it is read again. A refusal or a no-op is decided again on
 * a fresh read before it is answered.
 */
export class ForkRegistry {
  private readonly folds: LruCache<string, Folded>;

  constructor(
    private readonly store: EventStore,
    cachedRegistries = DEFAULT_CACHED_THREADS,
  ) {
    this.folds = new LruCache(cachedRegistries);
  }

  /** Begins a fork of its source; ThreadNotFound (404 on source_thread_id) when the source is being deleted. */
  fork(branch: BranchForked['data'], context: CommandContext): Promise<void> {
    return this.run(branch.sourceThreadId, () => ({ type: 'ForkBranch', branch }), context, sourceGone(branch.sourceThreadId));
  }

  /** Ends a fork whose thread is made; ThreadNotFound when a delete of the source closed it first. */
  made(sourceThreadId: string, branchThreadId: string, context: CommandContext): Promise<void> {
    const command: ForkRegistryCommand = { type: 'MakeBranch', sourceThreadId, branchThreadId };
    return this.run(sourceThreadId, () => command, context, sourceGone(sourceThreadId));
  }

  /** Records that a branch is gone (or was never made); nothing when the source's registry no longer lists it. */
  remove(sourceThreadId: string, branchThreadId: string, context: CommandContext): Promise<void> {
    const command: ForkRegistryCommand = { type: 'RemoveBranch', sourceThreadId, branchThreadId };
    return this.run(
      sourceThreadId,
      () => command,
      context,
      () => undefined,
    );
  }

  /** Closes the source to forks, or throws ThreadHasBranches when `live` finds branches alive. Closing twice is a no-op. */
  close(sourceThreadId: string, live: LiveBranchCount, context: CommandContext): Promise<void> {
    const command = async (state: ForkRegistryState): Promise<ForkRegistryCommand> => {
      const liveBranches = state.closed ? 0 : await live([...state.branches.values()]);
      return { type: 'CloseForks', sourceThreadId, liveBranches };
    };
    return this.run(sourceThreadId, command, context, () => undefined);
  }

  /** The registry as stored now (never from the cache). */
  async load(sourceThreadId: string): Promise<Folded> {
    const events = await this.store.readStream(forksStreamId(sourceThreadId));
    const state = foldForkRegistry(events as unknown as ForkRegistryEvent[]);
    return { state, revision: events.length ? events[events.length - 1].revision : -1 };
  }

  private async run(
    sourceThreadId: string,
    commandOf: (state: ForkRegistryState) => ForkRegistryCommand | Promise<ForkRegistryCommand>,
    context: CommandContext,
    retired: () => void,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const cached = this.folds.get(sourceThreadId);
      const { state, revision } = cached ?? (await this.load(sourceThreadId));
      let events: ForkRegistryEvent[];
      try {
        events = decideForkRegistry(await commandOf(state), state);
      } catch (error) {
        if (!cached) throw error;
        events = [];
      }
      if (events.length === 0 && cached) {
        this.folds.delete(sourceThreadId); // decided on a fresh read, where it counts
        attempt--;
        continue;
      }
      try {
        if (events.length === 0) return;
        if (await this.append(sourceThreadId, events, revision, context)) {
          this.folds.set(sourceThreadId, { state: foldForkRegistry(events, state), revision: revision + events.length });
          return;
        }
      } catch (error) {
        this.folds.delete(sourceThreadId);
        if (!(error instanceof StreamDeleted)) throw error;
        return retired();
      }
      this.folds.delete(sourceThreadId);
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
