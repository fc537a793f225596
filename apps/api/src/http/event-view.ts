import { RecordedEvent } from '@forkline/event-store';

/** A logged event as the API shows it, with its audit metadata: GET /threads/{id}/events and every stream of a thread. */
export function auditView(e: RecordedEvent) {
  return {
    event_id: e.eventId,
    event_number: (e.data as { eventNumber: number }).eventNumber,
    stream: e.streamId,
    type: e.type,
    data: e.data,
    actor: e.metadata.actor,
    correlation_id: e.metadata.correlationId,
    causation_id: e.metadata.causationId,
    occurred_at: e.metadata.occurredAt,
    schema_version: e.metadata.schemaVersion,
  };
}
