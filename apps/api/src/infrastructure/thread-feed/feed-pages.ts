import { LiveRecordStore, ThreadLineage } from '@forkline/event-store';
import { eventNumberOf, FeedItem } from './feed-cursor';

export type EventItem = FeedItem & { kind: 'event' };
export type LiveItem = FeedItem & { kind: 'live' };

/** Bytes of feed items one read aims at: a page of 200 ~1 MiB DocumentAttached events would be ~200 MiB per connection. */
export const PAGE_BYTES = 4 * 1024 * 1024;
/** Items asked for at first, and at most: the stores page by count, so a page's size is guessed from the largest item seen. */
const FIRST_READ = 8;
const MAX_READ = 200;

/** About how many bytes an item takes in memory and on the wire: its payload's JSON and a little for the rest. */
export function itemBytes(item: FeedItem): number {
  return 200 + Buffer.byteLength(JSON.stringify(item.kind === 'event' ? [item.event.data, item.event.metadata] : item.record));
}

/**
 * How many items to read next so a page stays near PAGE_BYTES: at most twice the last count (a run of small items says
 * little about the next ones), and no more than PAGE_BYTES holds of the largest item seen so far.
 */
export class PageSizer {
  private count = FIRST_READ / 2;
  private largest = 1;

  next(): number {
    this.count = Math.max(1, Math.min(this.count * 2, MAX_READ, Math.floor(PAGE_BYTES / this.largest)));
    return this.count;
  }

  saw(bytes: number): void {
    this.largest = Math.max(this.largest, bytes);
  }
}

/** The thread's durable events numbered (after, to], oldest first, a byte-bounded page at a time. */
export async function* durablePages(lineage: ThreadLineage, threadId: string, after: number, to = Infinity): AsyncGenerator<EventItem[]> {
  const sizer = new PageSizer();
  for (let from = after + 1; from <= to;) {
    const upTo = Math.min(from + sizer.next() - 1, to);
    const events = await lineage.recordsBetween(threadId, from, upTo);
    const page = events.map((event) => ({ kind: 'event' as const, eventNumber: eventNumberOf(event), event }));
    page.forEach((item) => sizer.saw(itemBytes(item)));
    if (page.length > 0) yield page;
    if (events.length < upTo - from + 1) return; // past the head
    from = upTo + 1;
  }
}

/** The thread's live records with seqs (after, to], oldest first, a byte-bounded page at a time. */
export async function* livePages(live: LiveRecordStore, threadId: string, after: number, to = Infinity): AsyncGenerator<LiveItem[]> {
  const sizer = new PageSizer();
  while (after < to) {
    const limit = sizer.next();
    const records = await live.read(threadId, after, limit);
    const page = records.filter((r) => r.seq <= to).map((record) => ({ kind: 'live' as const, record }));
    page.forEach((item) => sizer.saw(itemBytes(item)));
    // Decided before the page is handed over: its reader may empty it.
    const more = records.length === limit && page.length === records.length;
    if (page.length > 0) yield page;
    if (!more) return;
    after = records[records.length - 1].seq;
  }
}
