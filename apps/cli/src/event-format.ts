import { RecordedEvent } from '@forkline/event-store';
import { UsageError } from './cli-context';

/** One event as a JSON line: everything but the store-specific position, so exports compare across stores. */
export function toJsonLine(e: RecordedEvent): string {
  return JSON.stringify({
    streamId: e.streamId,
    revision: e.revision,
    eventId: e.eventId,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
  });
}

export type ExportedEvent = Omit<RecordedEvent, 'position'>;

export function fromJsonLine(line: string, lineNumber: number): ExportedEvent {
  const e = parseLine(line) as ExportedEvent;
  if (
    typeof e !== 'object' ||
    e === null ||
    typeof e.streamId !== 'string' ||
    !Number.isInteger(e.revision) ||
    typeof e.eventId !== 'string' ||
    typeof e.type !== 'string' ||
    !e.metadata
  ) {
    throw new UsageError(`line ${lineNumber}: not an exported event (needs streamId, revision, eventId, type, data, metadata)`);
  }
  return e;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

/** One event as a human-readable line with its audit metadata. */
export function toTextLine(e: RecordedEvent): string {
  const m = e.metadata;
  return `${String(e.position).padStart(8)} ${e.streamId}#${e.revision} ${e.type} actor=${m.actor} correlation=${m.correlationId} causation=${m.causationId ?? '-'} at=${m.occurredAt} ${JSON.stringify(e.data)}`;
}
