import { Inject, Injectable } from '@nestjs/common';
import { replyIdFor } from '@forkline/domain';
import { CommandContext, EVENT_STORE, EventStore, LIVE_RECORDS, LiveRecordStore, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { RunQueries } from './run-queries';

/** How long a rollback waits for a stopped run's worker to record its partial answer (its last live record says so). */
const LAST_RECORD_WAIT_MS = 10_000;
const POLL_MS = 25;

/**
 * Cancelling a run is Forkline's stop: a running run is aborted and keeps its partial answer, a queued one leaves the
 * queue. A rollback then deletes the run's message and that partial answer, as LangGraph deletes a rolled-back run.
 */
@Injectable()
export class RunCanceller {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly runs: RunQueries,
    private readonly projections: ProjectionsService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(LIVE_RECORDS) private readonly live: LiveRecordStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async cancel(run: RowOf<'runs'>, action: 'interrupt' | 'rollback', wait: boolean, context: CommandContext): Promise<void> {
    const { thread_id: threadId, reply_to: replyTo } = run;
    if (!replyTo) return;
    const outcome = await this.repository.execute({ type: 'StopRun', threadId, userId: context.actor, replyTo }, context);
    await this.projections.waitForReadModels(outcome.position);
    const settled = action === 'rollback' || wait ? await this.runs.settled(run.run_id, threadId) : undefined;
    if (action !== 'rollback') return;
    if (settled?.started_at) await this.partialAnswerRecorded(threadId, run.run_id);
    for (const messageId of [replyIdFor(run.run_id), replyTo]) {
      const [message] = await this.readStore.query('messages', { thread_id: threadId, message_id: messageId }, { columns: ['message_id'] });
      if (!message) continue;
      const command = { type: 'DeleteMessage' as const, threadId, userId: context.actor, messageId, message: { fileIds: [] } };
      const deleted = await this.repository.execute(command, context);
      await this.projections.waitForReadModels(deleted.position);
    }
  }

  /**
   * A stopped run's worker appends its partial answer, then writes the run's last live record: once that is there (or
   * the wait is over) and the read models caught up with the log, the answer is in them if there is one.
   */
  private async partialAnswerRecorded(threadId: string, runId: string): Promise<void> {
    for (let waited = 0; waited < LAST_RECORD_WAIT_MS; waited += POLL_MS) {
      const latest = await this.live.readLatest(threadId, 50);
      if (latest.some((r) => r.runId === runId && r.type === 'run_ended')) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    await this.projections.waitForReadModels(await this.events.headPosition());
  }
}
