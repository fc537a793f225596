import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadRepository } from '@forkline/event-store';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommandResult } from '../workflow-command';
import { StopWorkflowCommand } from './stop-workflow.command';

/**
 * Records RunStopped (idempotent: nothing running is no error). The agent saga aborts the model call in
 * flight when the projections hand it that event, which they do before waking the response's read-your-writes wait.
 */
@CommandHandler(StopWorkflowCommand)
export class StopWorkflowHandler implements ICommandHandler<StopWorkflowCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
  ) {}

  async execute({ workflowId, context }: StopWorkflowCommand): Promise<WorkflowCommandResult> {
    await this.queries.thread(context.actor, workflowId);
    const outcome = await this.repository.execute({ type: 'StopRun', threadId: workflowId, userId: context.actor }, context);
    return { position: outcome.position };
  }
}
