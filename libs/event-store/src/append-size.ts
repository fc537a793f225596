import { NewEvent } from './event-store.port';

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
