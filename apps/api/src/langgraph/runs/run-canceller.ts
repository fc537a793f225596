import { Inject, Injectable } from '@nestjs/common';
import { replyIdFor } from '@forkline/domain';
import { CommandContext, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { RunQueries } from './run-queries';

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
  ) {}

  async cancel(run: RowOf<'runs'>, action: 'interrupt' | 'rollback', wait: boolean, context: CommandContext): Promise<void> {
    const { thread_id: threadId, reply_to: replyTo } = run;
    if (!replyTo) return;
    const outcome = await this.repository.execute({ type: 'StopRun', threadId, userId: context.actor, replyTo }, context);
    await this.projections.waitForReadModels(outcome.position);
    if (action === 'rollback' || wait) await this.runs.settled(run.run_id, threadId);
    if (action !== 'rollback') return;
    for (const messageId of [replyIdFor(run.run_id), replyTo]) {
      const [message] = await this.readStore.query('messages', { thread_id: threadId, message_id: messageId }, { columns: ['message_id'] });
      if (!message) continue;
      const command = { type: 'DeleteMessage' as const, threadId, userId: context.actor, messageId, message: { fileIds: [] } };
      const deleted = await this.repository.execute(command, context);
      await this.projections.waitForReadModels(deleted.position);
    }
  }
}
