import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, ThreadRepository } from '@forkline/event-store';
import { WorkflowCommand, WorkflowCommandResult } from '../workflow-command';
import { UpdateWorkflowRequest } from './update-workflow.dto';

export class UpdateWorkflowCommand extends WorkflowCommand {
  constructor(
    workflowId: string,
    context: CommandContext,
    readonly changes: UpdateWorkflowRequest,
  ) {
    super(workflowId, context);
  }
}

@CommandHandler(UpdateWorkflowCommand)
export class UpdateWorkflowHandler implements ICommandHandler<UpdateWorkflowCommand, WorkflowCommandResult> {
  constructor(private readonly repository: ThreadRepository) {}

  async execute({ workflowId, context, changes }: UpdateWorkflowCommand): Promise<WorkflowCommandResult> {
    const { name, description, tags } = changes;
    const outcome = await this.repository.execute(
      { type: 'UpdateThread', threadId: workflowId, userId: context.actor, name, description, tags },
      context,
    );
    return { position: outcome.position };
  }
}
