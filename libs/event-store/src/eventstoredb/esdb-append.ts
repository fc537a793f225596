import {
  CancelledError,
  DeadlineExceededError,
  EventStoreDBClient,
  jsonEvent,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
} from '@eventstore/db-client';
import { AppendResult, DuplicateEventId, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { toEsdbExpected, toPortError } from './esdb-mapping';
import { encodePosition } from './esdb-position';

/** Pauses before each retry of an append whose outcome is unknown; their count bounds the attempts. */
const RETRY_DELAYS_MS = [100, 400, 1600];
/** Records past the ids' own count that an `any` append looks back over for an earlier write of them. */
const TAIL_SLACK = 20;

/**
 * The call failed without saying whether the events were written (the server may have committed them before
 * the connection, the deadline or the leader went), or they were surely not written (NotLeader: the client
 * reconnects to the leader on the next call). Either way the same events, with the same ids, may be sent again.
 */
export function outcomeUnknown(error: unknown): boolean {
  return [UnavailableError, DeadlineExceededError, TimeoutError, CancelledError, UnknownError, NotLeaderError].some(
    (t) => error instanceof t,
  );
}

type ReadTail = (streamId: string, count: number) => Promise<RecordedEvent[]>;

/**
 * Appends, retrying an unknown outcome with the very same envelopes before anyone re-decides: the server's
 * idempotency by event id then answers a repeat of a write that did happen. That idempotency holds for a
 * specific expected revision only; with `any` (or `stream_exists`) it is best-effort, so those appends first
 * look for their ids at the stream's tail and answer the earlier write's result when they are there.
 */
export async function appendWithRetry(
  client: EventStoreDBClient,
  readTail: ReadTail,
  log: (message: string) => void,
  streamId: string,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (typeof expected !== 'number' && expected !== 'no_stream' && events.length > 0) {
        const earlier = await earlierWrite(readTail, streamId, events);
        if (earlier) return earlier;
      }
      return await appendOnce(client, streamId, events, expected);
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= RETRY_DELAYS_MS.length) throw toPortError(streamId, expected, error);
      log(`EventStoreDB append to '${streamId}' ended without an outcome (${error}); sending the same events again`);
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
    }
  }
}

async function appendOnce(client: EventStoreDBClient, streamId: string, events: NewEvent[], expected: ExpectedRevision) {
  const data = events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never }));
  const result = await client.appendToStream(streamId, data, { expectedRevision: toEsdbExpected(expected) });
  return { nextRevision: Number(result.nextExpectedRevision), position: result.position ? encodePosition(result.position) : 0n };
}

/** The ids already at the stream's tail, consecutive and in order: that append happened; answer as it did. */
async function earlierWrite(readTail: ReadTail, streamId: string, events: NewEvent[]): Promise<AppendResult | null> {
  const tail = (await readTail(streamId, events.length + TAIL_SLACK)).reverse();
  const at = tail.findIndex((e) => e.eventId === events[0].eventId);
  if (at < 0) {
    const reused = events.find((e) => tail.some((t) => t.eventId === e.eventId));
    if (reused) throw new DuplicateEventId(reused.eventId);
    return null;
  }
  const run = tail.slice(at, at + events.length);
  if (run.length !== events.length || run.some((e, i) => e.eventId !== events[i].eventId)) throw new DuplicateEventId(events[0].eventId);
  const last = run[run.length - 1];
  return { nextRevision: last.revision, position: last.position };
}
