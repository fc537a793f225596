import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadRepository } from '@forkline/event-store';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommandResult } from '../workflow-command';
import { UpdateWorkflowCommand } from './update-workflow.command';

@CommandHandler(UpdateWorkflowCommand)
export class UpdateWorkflowHandler implements ICommandHandler<UpdateWorkflowCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
  ) {}

  async execute({ workflowId, context, changes }: UpdateWorkflowCommand): Promise<WorkflowCommandResult> {
    await this.queries.thread(context.actor, workflowId);
    const { name, description, tags } = changes;
    const outcome = await this.repository.execute(
      { type: 'UpdateThread', threadId: workflowId, userId: context.actor, name, description, tags },
      context,
    );
    return { position: outcome.position };
  }
}
