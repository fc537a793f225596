import {
  ANY,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { AppendTooLarge, EventMetadata, ExpectedRevision, RecordedEvent, StreamDeleted, WrongExpectedRevision } from '../event-store.port';
import { encodePosition, EsdbPosition } from './esdb-position';

export function toEsdbExpected(expected: ExpectedRevision) {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

function fromEsdbRevision(current: unknown): number | 'no_stream' {
  return typeof current === 'bigint' ? Number(current) : 'no_stream';
}

/** The client's concurrency, deletion and size errors become the port's (then 409 / 413 over HTTP); anything else passes through. */
export function toPortError(streamId: string, expected: ExpectedRevision, error: unknown): unknown {
  if (error instanceof WrongExpectedVersionError)
    return new WrongExpectedRevision(streamId, expected, fromEsdbRevision(error.actualVersion));
  if (error instanceof StreamDeletedError) return new StreamDeleted(streamId);
  if (error instanceof MaxAppendSizeExceededError) return new AppendTooLarge(streamId, error.maxAppendSize);
  return error;
}

interface EsdbRecorded {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  position?: EsdbPosition;
}

/** A Forkline event from EventStoreDB's recorded event; null for system events, links and foreign streams. */
export function fromEsdbEvent(event: EsdbRecorded | undefined, prefixes: readonly string[]): RecordedEvent | null {
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$') || !event.position) return null;
  if (!prefixes.some((p) => event.streamId.startsWith(p))) return null;
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: encodePosition(event.position),
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
  };
}
