import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext, ThreadRepository } from '@forkline/event-store';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommand, WorkflowCommandResult } from '../workflow-command';

/** Deletes a message (with its file references), or only one file reference when `fileId` is set. */
export class DeleteMessageCommand extends WorkflowCommand {
  constructor(
    workflowId: string,
    context: CommandContext,
    readonly messageId: string,
    readonly fileId?: string,
  ) {
    super(workflowId, context);
  }
}

@CommandHandler(DeleteMessageCommand)
export class DeleteMessageHandler implements ICommandHandler<DeleteMessageCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
  ) {}

  async execute({ workflowId, context, messageId, fileId }: DeleteMessageCommand): Promise<WorkflowCommandResult> {
    const message = await this.queries.ownMessage(workflowId, messageId);
    const target = { threadId: workflowId, userId: context.actor, messageId, message };
    const outcome = await this.repository.execute(
      fileId === undefined ? { type: 'DeleteMessage', ...target } : { type: 'RemoveMessageFile', ...target, fileId },
      context,
    );
    return { position: outcome.position };
  }
}
