import { LiveRecordStore, ThreadLineage } from '@forkline/event-store';
import { FeedCursor, FeedItem } from './feed-cursor';
import { durablePages, itemBytes, livePages, PAGE_BYTES } from './feed-pages';

const BATCH_ITEMS = 200;

/**
 * The part of a thread's feed that is already stored: its durable events numbered (from.durable, to.durable] and its live
 * records with seqs (from.live, to.live], read a byte-bounded page at a time and merged by when each was stored (a live
 * record first on a tie, so a run's deltas come before the reply they make up), in batches of at most PAGE_BYTES (or one
 * item). Expired live records are simply not there any more.
 */
export async function* feedHistory(
  lineage: ThreadLineage,
  live: LiveRecordStore,
  threadId: string,
  from: FeedCursor,
  to: FeedCursor,
): AsyncGenerator<FeedItem[]> {
  const durable = buffered(durablePages(lineage, threadId, from.durable, to.durable));
  const records = buffered(livePages(live, threadId, from.live, to.live));
  let batch: FeedItem[] = [];
  let bytes = 0;
  for (;;) {
    const [event, record] = [await durable.peek(), await records.peek()];
    if (!event && !record) break;
    const item = record && (!event || record.record.at <= event.event.metadata.occurredAt) ? records.take() : durable.take();
    const size = itemBytes(item);
    if (batch.length > 0 && (bytes + size > PAGE_BYTES || batch.length >= BATCH_ITEMS)) {
      yield batch;
      [batch, bytes] = [[], 0];
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** A source of pages read an item at a time: one page in memory at once. */
function buffered<T extends FeedItem>(source: AsyncGenerator<T[]>) {
  let buffer: T[] = [];
  let done = false;
  return {
    async peek(): Promise<T | undefined> {
      while (buffer.length === 0 && !done) {
        const next = await source.next();
        if (next.done) done = true;
        else buffer = next.value;
      }
      return buffer[0];
    },
    take: (): T => buffer.shift()!,
  };
}
