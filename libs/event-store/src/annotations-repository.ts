import { randomUUID } from 'crypto';
import {
  AnnotationCommand,
  AnnotationEvent,
  AnnotationsState,
  annotationsStreamId,
  ConcurrencyConflict,
  decideAnnotations,
  evolveAnnotations,
  initialAnnotationsState,
  THREAD_SCHEMA_VERSION,
} from '@forkline/domain';
import { EventStore, Position, WrongExpectedRevision } from './event-store.port';
import { KeyedMutex } from './keyed-mutex';
import { MAX_APPEND_ATTEMPTS, CommandContext } from './thread-repository';

/**
 * An app's annotations: its `annotations-<agentId>` stream folded on each read (an app has a curated handful, not a
 * log's worth), commands decided on the fold and appended under its revision (conflicts with other processes retried).
 */
export class AnnotationsRepository {
  private readonly locks = new KeyedMutex();

  constructor(private readonly store: EventStore) {}

  async load(agentId: string): Promise<{ state: AnnotationsState; revision: number; lastOccurredMs: number }> {
    const events = await this.store.readStream(annotationsStreamId(agentId));
    const state = events.reduce(
      (s, e) => evolveAnnotations(s, { type: e.type, data: e.data } as AnnotationEvent, e.metadata.occurredAt),
      initialAnnotationsState(),
    );
    const last = events[events.length - 1];
    return { state, revision: last ? last.revision : -1, lastOccurredMs: last ? Date.parse(last.metadata.occurredAt) : 0 };
  }

  /** Appends the command's events; the state after them, and the position of the last (undefined: nothing written). */
  execute(command: AnnotationCommand, context: CommandContext): Promise<{ state: AnnotationsState; position?: Position }> {
    const streamId = annotationsStreamId(command.agentId);
    return this.locks.run(streamId, async () => {
      for (let attempt = 1; ; attempt++) {
        const { state, revision, lastOccurredMs } = await this.load(command.agentId);
        const events = decideAnnotations(command, state);
        if (events.length === 0) return { state };
        // Strictly increasing within the app, so annotations list in the order they were made.
        const occurredAt = new Date(Math.max(Date.now(), lastOccurredMs + 1)).toISOString();
        const metadata = { ...context, occurredAt, schemaVersion: THREAD_SCHEMA_VERSION };
        try {
          const envelopes = events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata }));
          const { position } = await this.store.append(streamId, envelopes, revision < 0 ? 'no_stream' : revision);
          return { state: events.reduce((s, e) => evolveAnnotations(s, e, occurredAt), state), position };
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision)) throw error;
          if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(streamId);
        }
      }
    });
  }
}
