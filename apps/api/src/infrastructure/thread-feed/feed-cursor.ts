import { LiveRecord, RecordedEvent } from '@forkline/event-store';

/**
 * Where a subscriber is in a thread's feed: the last thread event number and the last live record seq it was given
 * (-1: none yet). Every item moves exactly one of the two forward, so cursors only grow, component-wise.
 */
export interface FeedCursor {
  durable: number;
  live: number;
}

/** One item of a thread's feed: a durable event of the thread (inherited ones included) or a live record of one of its runs. */
export type FeedItem = { kind: 'event'; eventNumber: number; event: RecordedEvent } | { kind: 'live'; record: LiveRecord };

/** The id a client resumes after: `<durable>:<live>`. */
export const formatCursor = (c: FeedCursor): string => `${c.durable}:${c.live}`;

/** Null unless `text` is two integers >= -1 joined by a colon, as formatCursor writes them. */
export function parseCursor(text: string): FeedCursor | null {
  const match = /^(-1|0|[1-9]\d{0,15}):(-1|0|[1-9]\d{0,15})$/.exec(text.trim());
  if (!match) return null;
  const [durable, live] = [Number(match[1]), Number(match[2])];
  return Number.isSafeInteger(durable) && Number.isSafeInteger(live) ? { durable, live } : null;
}

/** True when the item is past the cursor in its own component: the only items a subscriber at `cursor` is still owed. */
export const isAfter = (item: FeedItem, cursor: FeedCursor): boolean =>
  item.kind === 'event' ? item.eventNumber > cursor.durable : item.record.seq > cursor.live;

/** The cursor once `item` is delivered. */
export const advance = (cursor: FeedCursor, item: FeedItem): FeedCursor =>
  item.kind === 'event' ? { ...cursor, durable: item.eventNumber } : { ...cursor, live: item.record.seq };

export const eventNumberOf = (event: RecordedEvent): number => (event.data as { eventNumber: number }).eventNumber;
