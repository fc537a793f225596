import { AppendTooLarge, NewEvent } from './event-store.port';

/** EventStoreDB's default MaxAppendSize: 1 MiB per append. */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/** An event with its data and metadata serialized: what is measured is what is written. */
export interface SerializedEvent {
  eventId: string;
  type: string;
  data: string;
  metadata: string;
}

export const serializeEvents = (events: readonly NewEvent[]): SerializedEvent[] =>
  events.map((e) => ({ eventId: e.eventId, type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) }));

const serializedSize = (events: readonly SerializedEvent[]): number =>
  events.reduce((bytes, e) => bytes + Buffer.byteLength(e.data) + Buffer.byteLength(e.metadata) + Buffer.byteLength(e.type), 0);

/** Bytes an append carries as EventStoreDB counts them: each event's data, metadata and type, serialized. */
export const appendSize = (events: readonly NewEvent[]): number => serializedSize(serializeEvents(events));

/**
 * Refuses an append over `limit` before anything is sent or written. Both adapters check it, so the
 * stores refuse alike; EventStoreDB's own MaxAppendSize refusal (its count differs slightly) maps to the same error.
 */
export function checkAppendSize(streamId: string, events: readonly SerializedEvent[], limit = DEFAULT_MAX_APPEND_SIZE): void {
  const size = serializedSize(events);
  if (size > limit) throw new AppendTooLarge(streamId, limit, size);
}
