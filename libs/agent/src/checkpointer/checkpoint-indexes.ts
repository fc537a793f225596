import { CheckpointEvent, checkpointStreamId } from '@forkline/domain';
import { EventStore, LruCache } from '@forkline/event-store';
import { CheckpointIndex, indexCheckpointEvent, newCheckpointIndex } from './checkpoint-index';

/**
 * The threads' checkpoint indexes, the most recently used kept (LRU), each brought up to date with one read of the
 * newer events of its stream. One put or getTuple looks an index up a dozen times: the first read in a macrotask
 * serves the rest of that macrotask, as if the whole operation had run at that read (its own appends are folded in
 * as they are made); the next macrotask reads again, so the next operation sees what another process appended.
 */
export class CheckpointIndexes {
  private readonly cache: LruCache<string, CheckpointIndex>;
  /** Threads read in the current macrotask. */
  private readonly fresh = new Set<string>();

  constructor(
    private readonly store: EventStore,
    capacity: number,
  ) {
    this.cache = new LruCache(capacity);
  }

  /** The thread's index, up to date as of this macrotask (`force`: read now). */
  async get(threadId: string, force = false): Promise<CheckpointIndex> {
    const index = this.cache.get(threadId) ?? newCheckpointIndex();
    this.cache.set(threadId, index);
    if (!force && index.revision >= 0 && this.fresh.has(threadId)) return index;
    const newer = await this.store.readStream(checkpointStreamId(threadId), { fromRevision: index.revision + 1 });
    for (const e of newer) indexCheckpointEvent(index, { type: e.type, data: e.data } as CheckpointEvent, e.revision);
    if (this.fresh.size === 0) setImmediate(() => this.fresh.clear());
    this.fresh.add(threadId);
    return index;
  }

  /** This process appended `event` as `revision`: folded in when the index was up to date but for it, else read. */
  async appended(threadId: string, event: CheckpointEvent, revision: number): Promise<void> {
    const index = this.cache.get(threadId);
    if (index && index.revision === revision - 1) indexCheckpointEvent(index, event, revision);
    else await this.get(threadId, true);
  }

  cachedThreads(): string[] {
    return [...this.cache.keys()];
  }

  forget(threadId: string): void {
    this.cache.delete(threadId);
    this.fresh.delete(threadId);
  }
}
