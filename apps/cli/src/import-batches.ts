import { appendSize, ExpectedRevision, NewEvent } from '@forkline/event-store';
import { UsageError } from './cli-context';
import { ExportedEvent } from './event-format';

export interface ImportBatch {
  expected: ExpectedRevision;
  events: NewEvent[];
}

/**
 * Splits a stream's events into appends the store accepts (each at most `limit` bytes, as the stores count
 * them), each expecting the revision the previous one ends at. The split depends only on the file and the
 * limit, so a second import sends the same ids at the same revisions and the stores answer it without writing.
 * An event over the limit on its own could never be written: refused before anything is.
 */
export function importBatches(events: readonly ExportedEvent[], limit: number): ImportBatch[] {
  const batches: ImportBatch[] = [];
  let current: ImportBatch | undefined;
  let bytes = 0;
  for (const { streamId, revision, eventId, type, data, metadata } of events) {
    const event: NewEvent = { eventId, type, data, metadata };
    const size = appendSize([event]);
    if (size > limit) {
      throw new UsageError(
        `${streamId}#${revision} (${type}) is ${size} bytes, over the ${limit}-byte limit of one append (EVENTSTORE_MAX_APPEND_SIZE)`,
      );
    }
    if (!current || bytes + size > limit) {
      current = { expected: revision === 0 ? 'no_stream' : revision - 1, events: [] };
      batches.push(current);
      bytes = 0;
    }
    current.events.push(event);
    bytes += size;
  }
  return batches;
}
