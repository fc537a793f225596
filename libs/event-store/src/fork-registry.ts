import { randomUUID } from 'crypto';
import {
  BranchForked,
  ConcurrencyConflict,
  decideForkRegistry,
  deterministicId,
  foldForkRegistry,
  foldForkRegistryInPlace,
  ForkRegistryCommand,
  ForkRegistryEvent,
  ForkRegistryState,
  forksStreamId,
  THREAD_SCHEMA_VERSION,
  ThreadNotFound,
} from '@forkline/domain';
import { AppendResult, EventStore, StreamAppend, StreamDeleted, WrongExpectedRevision } from './event-store.port';
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
  async fork(branch: BranchForked['data'], context: CommandContext): Promise<void> {
    await this.run(branch.sourceThreadId, () => ({ type: 'ForkBranch', branch }), context, sourceGone(branch.sourceThreadId));
  }

  /**
   * Begins and ends a fork in one write with `others` (its thread's first events, its source at the revision read), on a
   * store that appends to several streams at once: no delete comes between. The results are the appends' (the registry's
   * first); null on another store (then `fork`, the thread, `made`). ThreadNotFound when the source is being deleted;
   * another stream's WrongExpectedRevision is thrown (nothing was written).
   */
  async forkWith(branch: BranchForked['data'], others: StreamAppend[], context: CommandContext): Promise<AppendResult[] | null> {
    if (!this.store.appendAtomically) return null;
    const command: ForkRegistryCommand = { type: 'ForkAndMakeBranch', branch };
    return (await this.run(branch.sourceThreadId, () => command, context, sourceGone(branch.sourceThreadId), others))!;
  }

  /** Ends a fork whose thread is made; ThreadNotFound when a delete of the source closed it first. */
  async made(sourceThreadId: string, branchThreadId: string, context: CommandContext): Promise<void> {
    const command: ForkRegistryCommand = { type: 'MakeBranch', sourceThreadId, branchThreadId };
    await this.run(sourceThreadId, () => command, context, sourceGone(sourceThreadId));
  }

  /** Records that a branch is gone (or was never made); nothing when the source's registry no longer lists it. */
  async remove(sourceThreadId: string, branchThreadId: string, context: CommandContext): Promise<void> {
    const command: ForkRegistryCommand = { type: 'RemoveBranch', sourceThreadId, branchThreadId };
    await this.run(
      sourceThreadId,
      () => command,
      context,
      () => undefined,
    );
  }

  /** Closes the source to forks, or throws ThreadHasBranches when `live` finds branches alive. Closing twice is a no-op. */
  async close(sourceThreadId: string, live: LiveBranchCount, context: CommandContext): Promise<void> {
    await this.run(sourceThreadId, closing(sourceThreadId, live), context, () => undefined);
  }

  /**
   * `close` in one write with `other` (the source's ThreadDeleted), on a store that appends to several streams at once:
   * the registry is never closed without the delete, so a delete that fails leaves its thread open to forks. Returns
   * `other`'s result; another stream's WrongExpectedRevision is thrown (nothing was written).
   */
  async closeWith(sourceThreadId: string, live: LiveBranchCount, context: CommandContext, other: StreamAppend): Promise<AppendResult> {
    const results = await this.run(sourceThreadId, closing(sourceThreadId, live), context, () => undefined, [other]);
    // Closed already: by a delete written in two steps that stopped half-way (before deletes were one write here), or by
    // one racing this, whose ThreadDeleted then moved the thread's stream and fails this write. The delete alone.
    return results ? results[1] : (await this.store.appendAtomically!([other]))[0];
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
    others: StreamAppend[] = [],
  ): Promise<AppendResult[] | undefined> {
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
        const results = await this.append(sourceThreadId, events, revision, context, others);
        if (results) {
          this.folds.set(sourceThreadId, { state: foldForkRegistryInPlace(state, events), revision: revision + events.length });
          return results;
        }
      } catch (error) {
        // Another stream not at its revision (see append): nothing was written, the registry is as cached.
        if (error instanceof WrongExpectedRevision) throw error;
        this.folds.delete(sourceThreadId);
        if (!(error instanceof StreamDeleted)) throw error;
        retired();
        return undefined;
      }
      this.folds.delete(sourceThreadId);
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(forksStreamId(sourceThreadId));
    }
  }

  /** Null when another writer moved the registry first (then it is read again); `others` are appended with it, all or none. */
  private async append(
    sourceThreadId: string,
    events: ForkRegistryEvent[],
    revision: number,
    context: CommandContext,
    others: StreamAppend[],
  ): Promise<AppendResult[] | null> {
    const registry: StreamAppend = {
      streamId: forksStreamId(sourceThreadId),
      events: events.map((event) => ({
        eventId: eventIdOf(event),
        type: event.type,
        data: event.data,
        metadata: { ...context, occurredAt: new Date().toISOString(), schemaVersion: THREAD_SCHEMA_VERSION },
      })),
      expected: revision < 0 ? 'no_stream' : revision,
    };
    try {
      if (others.length > 0) return await this.store.appendAtomically!([registry, ...others]);
      return [await this.store.append(registry.streamId, registry.events, registry.expected)];
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision) || error.streamId !== registry.streamId) throw error;
      return null;
    }
  }
}

/** CloseForks with the live branches counted, unless the registry is closed already. */
const closing =
  (sourceThreadId: string, live: LiveBranchCount) =>
  async (state: ForkRegistryState): Promise<ForkRegistryCommand> => {
    const liveBranches = state.closed ? 0 : await live([...state.branches.values()]);
    return { type: 'CloseForks', sourceThreadId, liveBranches };
  };

/** EventStoreDB keeps a removed stream's name retired: the source is gone. */
const sourceGone = (sourceThreadId: string) => () => {
  throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
};

/** A branch's events are named by the branch, so a retried fork or removal appends nothing twice. */
function eventIdOf(event: ForkRegistryEvent): string {
  return event.type === 'ForksClosed' ? randomUUID() : deterministicId(`${event.type}:${event.data.branchThreadId}`);
}
