import { BadRequestException, Injectable } from '@nestjs/common';
import { ThreadLineage } from '@forkline/event-store';
import { cut, ThreadHistory } from '@forkline/read-models';
import { ThreadQueries, toMessageItem } from './thread-queries.service';

const RUN_STATUS: Record<string, string> = { RunStarted: 'running', RunCompleted: 'completed', RunFailed: 'failed', RunStopped: 'stopped' };

/** Time travel: a thread as it was at an event number or a checkpoint, from the read models and the log. */
@Injectable()
export class ThreadStateQuery {
  constructor(
    private readonly history: ThreadHistory,
    private readonly lineage: ThreadLineage,
    private readonly threads: ThreadQueries,
  ) {}

  /** The raw log of a thread (inherited events included) with each event's audit metadata. */
  async events(userId: string, threadId: string, from = 0, limit = 100) {
    await this.threads.thread(userId, threadId);
    const records = await this.lineage.recordsBetween(threadId, from, from + limit - 1);
    return records.map((e) => ({
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
    }));
  }

  async state(userId: string, threadId: string, at: { checkpointId?: string; eventNumber?: number }) {
    const thread = await this.threads.thread(userId, threadId);
    const segments = await this.threads.segments(thread);
    if (at.checkpointId !== undefined && at.eventNumber !== undefined)
      throw new BadRequestException('give either checkpoint_id or event_number, not both');
    let eventNumber = at.eventNumber ?? thread.event_number;
    if (at.checkpointId !== undefined) {
      eventNumber = await this.threads.checkpointEventNumber(segments, at.checkpointId);
    } else if (eventNumber > thread.event_number) {
      throw new BadRequestException(`event_number: must be between 0 and ${thread.event_number} (the thread's head), got ${eventNumber}`);
    }
    const past = cut(segments, eventNumber);
    const [messages, checkpoint, lastRun, pending] = await Promise.all([
      this.history.messages(past),
      at.checkpointId !== undefined ? Promise.resolve({ checkpoint_id: at.checkpointId }) : this.history.latestCheckpoint(past),
      this.lineage.lastRunEventAt(threadId, eventNumber),
      this.lineage.unansweredAt(threadId, eventNumber),
    ]);
    const status = pending.length > 0 ? 'running' : lastRun ? RUN_STATUS[lastRun.type] : 'idle';
    return {
      thread_id: threadId,
      event_number: eventNumber,
      checkpoint_id: checkpoint?.checkpoint_id ?? null,
      messages: messages.map(toMessageItem),
      run: { status, run_id: lastRun && 'runId' in lastRun.data ? lastRun.data.runId : null, pending_messages: pending.length },
    };
  }
}
