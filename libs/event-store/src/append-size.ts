import { AppendTooLarge, NewEvent } from './event-store.port';

/** EventStoreDB's default MaxAppendSize: 1 MiB per append. */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/** Bytes an append carries as EventStoreDB counts them: each event's data, metadata and type, serialized. */
export function appendSize(events: readonly NewEvent[]): number {
  let bytes = 0;
  for (const e of events) {
    bytes += Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata)) + Buffer.byteLength(e.type);
  }
  return bytes;
}

/**
 * Refuses an append over `limit` before anything is sent or written. Both adapters check it, so the
 * stores refuse alike; EventStoreDB's own MaxAppendSize refusal (its count differs slightly) maps to the same error.
 */
export function checkAppendSize(streamId: string, events: readonly NewEvent[], limit = DEFAULT_MAX_APPEND_SIZE): void {
  const size = appendSize(events);
  if (size > limit) throw new AppendTooLarge(streamId, limit, size);
}
