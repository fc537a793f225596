import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadDeleter } from '@forkline/event-store';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommandResult } from '../workflow-command';
import { DeleteWorkflowCommand } from './delete-workflow.command';

/**
 * Records ThreadDeleted once the thread's fork registry is closed (ThreadDeleter: a fork racing it in any process
 * fails, or makes this fail); the read models drop the workflow and the stream janitor removes its streams.
 */
@CommandHandler(DeleteWorkflowCommand)
export class DeleteWorkflowHandler implements ICommandHandler<DeleteWorkflowCommand, WorkflowCommandResult> {
  constructor(
    private readonly queries: WorkflowQueries,
    private readonly deleter: ThreadDeleter,
  ) {}

  async execute({ workflowId, context }: DeleteWorkflowCommand): Promise<WorkflowCommandResult> {
    await this.queries.thread(context.actor, workflowId);
    const outcome = await this.deleter.delete(workflowId, context.actor, context);
    return { position: outcome.position };
  }
}
