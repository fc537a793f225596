import { Logger } from '@nestjs/common';
import {
  checkpointStreamId,
  DELETIONS_STREAM,
  forksStreamId,
  leaseStreamId,
  THREAD_SCHEMA_VERSION,
  ThreadForked,
  threadStreamId,
} from '@forkline/domain';
import { deterministicId, EventStore, ForkRegistry, LiveRecordStore, RecordedEvent } from '@forkline/event-store';
import { ProjectedEvent, ReadStore } from '@forkline/read-models';
import { AfterCommitSubscriber } from './after-commit-subscriber';

/**
 * Removes a deleted thread's streams from the event store once every read model has applied its
 * ThreadDeleted. The to-do list (the `stream-janitor` projector) is committed with the projections, so a crash in between only delays
 * the removal to the next start. What remains is one ThreadStreamDeleted record in the `deletions` stream.
 */
export class StreamJanitor implements AfterCommitSubscriber {
  private readonly logger = new Logger('StreamJanitor');
  private readonly purges = new Map<string, Promise<void>>();
  private readonly forks: ForkRegistry;

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly forget: (threadId: string) => void,
    private readonly liveRecords?: LiveRecordStore,
    /** Removes what else the deleted thread held (its uploads), before its stream goes. */
    private readonly removeFiles?: (threadId: string, stream: RecordedEvent[], actor: string) => Promise<void>,
    /** The process's fork registries (one cache of their folds for forks, deletes and purges); its own when not given. */
    forks?: ForkRegistry,
  ) {
    this.forks = forks ?? new ForkRegistry(events);
  }

  readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const e of events) if (e.type === 'ThreadDeleted') this.purge(e.data.threadId, e.actor, e.data.eventNumber);
  };

  async resume(): Promise<void> {
    for (const row of await this.readStore.query('pending_deletions', {})) this.purge(row.thread_id, row.actor, row.event_number);
  }

  /** Resolves once the thread's streams are gone (immediately if nothing is pending). */
  settled(threadId: string): Promise<void> {
    return this.purges.get(threadId) ?? Promise.resolve();
  }

  private purge(threadId: string, actor: string, eventNumber: number): void {
    const work = (this.purges.get(threadId) ?? Promise.resolve()).then(async () => {
      // Only a stream that still ends with its deletion is removed: a to-do row replayed from an older
      // store (blue/green) must not touch a thread created again under the same id since.
      const stream = await this.events.readStream(threadStreamId(threadId));
      // Every run the deleted thread's log started is refused from now on, also one still running elsewhere that has
      // not written a live record yet; a thread created again since keeps its own runs' records.
      const deletedRuns = runsBeforeLastDeletion(stream);
      if (stream[stream.length - 1]?.type !== 'ThreadDeleted') {
        if (deletedRuns.length > 0) await this.liveRecords?.deleteRuns(threadId, deletedRuns);
        await this.readStore.removeRows('pending_deletions', { thread_id: threadId });
        return;
      }
      // A deleted branch leaves its source's fork registry before its stream goes: a listed branch with no stream is one being made.
      if (stream[0]?.type === 'ThreadForked') {
        const { sourceThreadId } = (stream[0] as unknown as ThreadForked).data;
        await this.forks.remove(sourceThreadId, threadId, { actor, correlationId: threadId, causationId: null });
      }
      const record = {
        eventId: deterministicId(`deleted:${threadId}:${eventNumber}`),
        type: 'ThreadStreamDeleted',
        data: { threadId, streams: [threadStreamId(threadId), checkpointStreamId(threadId)] },
        metadata: {
          actor,
          correlationId: threadId,
          causationId: null,
          occurredAt: new Date().toISOString(),
          schemaVersion: THREAD_SCHEMA_VERSION,
        },
      };
      await this.events.append(DELETIONS_STREAM, [record], 'any');
      await this.removeFiles?.(threadId, stream, actor);
      // Before the thread stream goes: a crash after it would find nothing left to redo.
      await this.liveRecords?.deleteThread(threadId, deletedRuns);
      await this.events.deleteStream(leaseStreamId(threadId)); // who ran its runs: nothing to keep once it is gone
      await this.events.deleteStream(checkpointStreamId(threadId));
      // The thread already ends with ThreadDeleted: a fork that finds its registry gone finds it deleted too.
      await this.events.deleteStream(forksStreamId(threadId));
      await this.events.deleteStream(threadStreamId(threadId));
      await this.readStore.eraseDeleted?.();
      this.forget(threadId);
      await this.readStore.removeRows('pending_deletions', { thread_id: threadId });
    });
    const settled = work.catch((error) => this.logger.error(`could not remove the streams of deleted thread '${threadId}': ${error}`));
    this.purges.set(threadId, settled);
    void settled.then(() => this.purges.get(threadId) === settled && this.purges.delete(threadId));
  }
}

/** The runs a thread stream started before its last ThreadDeleted: those of the deleted thread(s), not of one created since. */
function runsBeforeLastDeletion(stream: RecordedEvent[]): string[] {
  let end = stream.length;
  while (end > 0 && stream[end - 1].type !== 'ThreadDeleted') end--;
  return stream.slice(0, end).flatMap((e) => (e.type === 'RunStarted' ? [(e.data as { runId: string }).runId] : []));
}
