import { BACKWARDS, END, EventStoreDBClient, FORWARDS, ResolvedEvent, START } from '@eventstore/db-client';
import { Position, ReadAllOptions, RecordedEvent } from '../event-store.port';
import { fromEsdbEvent } from './esdb-mapping';
import { decodePosition, EsdbPosition, encodePosition } from './esdb-position';

/** Records per `$all` read call: every call is bounded by `maxCount`, so the server ends it by itself. */
export const PAGE = 1000;

/** Deleted streams, whose events global reads skip (see DeletedStreams). */
export interface Deletions {
  keeps(event: RecordedEvent): boolean;
  /** Learns from a raw record (a tombstone, a deletion record). */
  note(record: { streamId: string; type: string; data: unknown } | undefined): void;
  refresh(): Promise<void>;
}

/**
 * One bounded read of `$all`. Leaving a `for await` early only pauses the gRPC call, which then stays open with
 * no deadline; `cancel()` in `finally` closes it on every exit (a no-op once the server has ended it).
 * `visit` returns true to stop early. Answers how many records came back and the last one's position.
 */
async function readPage(
  client: EventStoreDBClient,
  options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: EsdbPosition | typeof START | typeof END; maxCount: number },
  visit: (resolved: ResolvedEvent, position: EsdbPosition) => boolean,
): Promise<{ seen: number; last?: EsdbPosition }> {
  const read = client.readAll(options);
  let seen = 0;
  let last: EsdbPosition | undefined;
  try {
    for await (const resolved of read) {
      seen++;
      const position = resolved.event?.position;
      if (!position) continue;
      last = position;
      if (visit(resolved, position)) break;
    }
  } finally {
    await read.cancel();
  }
  return { seen, last };
}

/** The global log forwards after a position, page by page, up to `limit` kept events. */
export async function readAllPaged(
  client: EventStoreDBClient,
  prefixes: readonly string[],
  deletions: Deletions,
  { after, limit = Number.MAX_SAFE_INTEGER }: ReadAllOptions,
): Promise<RecordedEvent[]> {
  await deletions.refresh();
  const events: RecordedEvent[] = [];
  let from: Position | undefined = after;
  while (events.length < limit) {
    // A read from P includes P itself, hence one more than wanted; the `<= from` guard skips it.
    const maxCount = Math.min(PAGE, limit - events.length) + 1;
    const fromPosition = from === undefined ? START : decodePosition(from);
    const skip = from;
    const page = await readPage(client, { direction: FORWARDS, fromPosition, maxCount }, (resolved) => {
      deletions.note(resolved.event as never);
      const event = fromEsdbEvent(resolved.event as never, prefixes);
      if (!event || (skip !== undefined && event.position <= skip) || !deletions.keeps(event)) return false;
      events.push(event);
      return events.length >= limit;
    });
    if (page.seen < maxCount || !page.last) break;
    from = encodePosition(page.last);
  }
  return events;
}

/** What a head lookup saw: the newest kept event, and the newest record of `$all` at the time. */
export interface HeadScan {
  head?: RecordedEvent;
  top?: Position;
}

/**
 * The newest kept event, paging backwards through `$all`: on a shared or busy server Forkline's last event
 * may lie behind any number of other records. With the previous scan, the walk stops where that one began
 * (nothing older can be newer than its head), so repeated lookups (/health) read only what was appended
 * since; a head deleted meanwhile makes it look again from scratch.
 */
export async function findHeadPosition(
  client: EventStoreDBClient,
  prefixes: readonly string[],
  deletions: Deletions,
  previous: HeadScan = {},
): Promise<HeadScan> {
  await deletions.refresh();
  const since = previous.head && !deletions.keeps(previous.head) ? {} : previous;
  let from: EsdbPosition | typeof END = END;
  let top: Position | undefined;
  for (;;) {
    const before = from === END ? undefined : encodePosition(from);
    let found: RecordedEvent | undefined;
    let reachedPrevious = false;
    const page = await readPage(client, { direction: BACKWARDS, fromPosition: from, maxCount: PAGE }, (resolved, position) => {
      const at = encodePosition(position);
      // Whether a backwards read from P includes P is the server's business: skipping it is safe either way.
      if (before !== undefined && at >= before) return false;
      top ??= at;
      if (since.top !== undefined && at <= since.top) return (reachedPrevious = true);
      deletions.note(resolved.event as never);
      const event = fromEsdbEvent(resolved.event as never, prefixes);
      if (event && deletions.keeps(event)) found = event;
      return found !== undefined;
    });
    if (found) return { head: found, top };
    if (reachedPrevious) return { head: since.head, top };
    if (page.seen < PAGE || !page.last) return { top };
    from = page.last;
  }
}
