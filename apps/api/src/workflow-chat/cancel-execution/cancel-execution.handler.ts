import { NotFoundException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Position, ThreadRepository } from '@forkline/event-store';
import { EXECUTION_NOT_FOUND, ExecutionQueries } from '../queries/execution-queries.service';
import { CancelExecutionCommand } from './cancel-execution.command';

/**
 * The live stop path (StopRun, as the threads and playground faces stop runs), naming the run's message: a running run is
 * aborted, a queued one leaves the queue, and one that ended meanwhile is left as it is (the decider stops nothing).
 */
@CommandHandler(CancelExecutionCommand)
export class CancelExecutionHandler implements ICommandHandler<CancelExecutionCommand, { position: Position | undefined }> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly executions: ExecutionQueries,
  ) {}

  async execute({ executionId, context }: CancelExecutionCommand): Promise<{ position: Position | undefined }> {
    const run = await this.executions.run(context.actor, executionId);
    if (!run) throw new NotFoundException(EXECUTION_NOT_FOUND);
    if (run.status !== 'pending' && run.status !== 'running') return { position: undefined };
    const command = { type: 'StopRun' as const, threadId: run.thread_id, userId: context.actor, replyTo: run.reply_to ?? undefined };
    const outcome = await this.repository.execute(command, context);
    return { position: outcome.position };
  }
}
