import { LiveRecordStore, ThreadLineage } from '@forkline/event-store';
import { eventNumberOf, FeedCursor, FeedItem } from './feed-cursor';

const PAGE = 200;

/**
 * The part of a thread's feed that is already stored: its durable events numbered (from.durable, to.durable] and its live
 * records with seqs (from.live, to.live], read page by page and merged by when each was stored (a live record first on a
 * tie, so a run's deltas come before the reply they make up). Expired live records are simply not there any more.
 */
export async function* feedHistory(
  lineage: ThreadLineage,
  live: LiveRecordStore,
  threadId: string,
  from: FeedCursor,
  to: FeedCursor,
): AsyncGenerator<FeedItem[]> {
  const durable = pages<FeedItem & { kind: 'event' }>(async (after) => {
    if (after >= to.durable) return [];
    const events = await lineage.recordsBetween(threadId, after + 1, Math.min(after + PAGE, to.durable));
    return events.map((event) => ({ kind: 'event' as const, eventNumber: eventNumberOf(event), event }));
  }, from.durable);
  const records = pages<FeedItem & { kind: 'live' }>(async (after) => {
    if (after >= to.live) return [];
    const page = await live.read(threadId, after, PAGE);
    return page.filter((r) => r.seq <= to.live).map((record) => ({ kind: 'live' as const, record }));
  }, from.live);
  let batch: FeedItem[] = [];
  for (;;) {
    const [event, record] = [await durable.peek(), await records.peek()];
    if (!event && !record) break;
    batch.push(record && (!event || record.record.at <= event.event.metadata.occurredAt) ? records.take() : durable.take());
    if (batch.length >= PAGE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A source read a page at a time, each page after the last key seen; done at the first empty page. */
function pages<T extends FeedItem>(read: (after: number) => Promise<T[]>, start: number) {
  let buffer: T[] = [];
  let after = start;
  let done = false;
  return {
    async peek(): Promise<T | undefined> {
      if (buffer.length === 0 && !done) {
        buffer = await read(after);
        done = buffer.length === 0;
        if (!done) after = keyOf(buffer[buffer.length - 1]);
      }
      return buffer[0];
    },
    take: (): T => buffer.shift()!,
  };
}

const keyOf = (item: FeedItem): number => (item.kind === 'event' ? item.eventNumber : item.record.seq);
