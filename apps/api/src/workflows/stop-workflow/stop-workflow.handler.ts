import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadRepository } from '@forkline/event-store';
import { WorkflowCommand, WorkflowCommandResult } from '../workflow-command';

export class StopWorkflowCommand extends WorkflowCommand {}

/**
 * Records RunStopped (idempotent: nothing running is no error). The agent saga aborts the model call in
 * flight when the projections hand it that event, which they do before waking the response's read-your-writes wait.
 */
@CommandHandler(StopWorkflowCommand)
export class StopWorkflowHandler implements ICommandHandler<StopWorkflowCommand, WorkflowCommandResult> {
  constructor(private readonly repository: ThreadRepository) {}

  async execute({ workflowId, context }: StopWorkflowCommand): Promise<WorkflowCommandResult> {
    const outcome = await this.repository.execute({ type: 'StopRun', threadId: workflowId, userId: context.actor }, context);
    return { position: outcome.position };
  }
}
