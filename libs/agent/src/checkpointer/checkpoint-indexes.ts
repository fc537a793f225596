import { CheckpointEvent, checkpointStreamId } from '@forkline/domain';
import { EventStore, LruCache } from '@forkline/event-store';
import { DEFAULT_AGENT_CACHE_BYTES } from '../message-weight';
import { CheckpointIndex, indexCheckpointEvent, newCheckpointIndex } from './checkpoint-index';

/** What an index weighs before it holds anything (its maps). */
const EMPTY_INDEX_BYTES = 1024;

/**
 * The threads' checkpoint indexes, the most recently used kept (LRU), each brought up to date with one read of the
 * newer events of its stream. One put or getTuple looks an index up a dozen times: the first read in a macrotask
 * serves the rest of that macrotask, as if the whole operation had run at that read (its own appends are folded in
 * as they are made); the next macrotask reads again, so the next operation sees what another process appended.
 * An index holds every checkpoint of its thread, so the cache is bounded by what they weigh as well as by their number.
 */
export class CheckpointIndexes {
  private readonly cache: LruCache<string, CheckpointIndex>;
  /** Threads read in the current macrotask. */
  private readonly fresh = new Set<string>();

  /** `capacity`: how many threads' indexes it keeps; `bytes`: what they may weigh together (AGENT_CACHE_MB). */
  constructor(
    private readonly store: EventStore,
    capacity: number,
    bytes = DEFAULT_AGENT_CACHE_BYTES,
  ) {
    this.cache = new LruCache(bytes, (index) => EMPTY_INDEX_BYTES + index.bytes, capacity);
  }

  /** The thread's index, up to date as of this macrotask (`force`: read now). */
  async get(threadId: string, force = false): Promise<CheckpointIndex> {
    let index = this.cache.get(threadId);
    // Cached before the read: a second get while it reads folds into the same index.
    if (!index) this.cache.set(threadId, (index = newCheckpointIndex()));
    if (!force && index.revision >= 0 && this.fresh.has(threadId)) return index;
    const newer = await this.store.readStream(checkpointStreamId(threadId), { fromRevision: index.revision + 1 });
    // Two reads of one index at once fold what both read: each event once.
    for (const e of newer)
      if (e.revision > index.revision) indexCheckpointEvent(index, { type: e.type, data: e.data } as CheckpointEvent, e.revision);
    this.cache.set(threadId, index); // weighed again: it may have grown
    if (this.fresh.size === 0) setImmediate(() => this.fresh.clear());
    this.fresh.add(threadId);
    return index;
  }

  /** This process appended `event` as `revision`: folded in when the index was up to date but for it, else read. */
  async appended(threadId: string, event: CheckpointEvent, revision: number): Promise<void> {
    const index = this.cache.get(threadId);
    if (index && index.revision === revision - 1) {
      indexCheckpointEvent(index, event, revision);
      this.cache.set(threadId, index);
    } else await this.get(threadId, true);
  }

  cachedThreads(): string[] {
    return [...this.cache.keys()];
  }

  forget(threadId: string): void {
    this.cache.delete(threadId);
    this.fresh.delete(threadId);
  }
}
