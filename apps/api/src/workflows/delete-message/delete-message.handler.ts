import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadRepository } from '@forkline/event-store';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommandResult } from '../workflow-command';
import { DeleteMessageCommand } from './delete-message.command';

/** The decider cannot read the read models, so the message is looked up here among the workflow's own (an inherited one is not found). */
@CommandHandler(DeleteMessageCommand)
export class DeleteMessageHandler implements ICommandHandler<DeleteMessageCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
  ) {}

  async execute({ workflowId, context, messageId, fileId }: DeleteMessageCommand): Promise<WorkflowCommandResult> {
    await this.queries.thread(context.actor, workflowId);
    const message = await this.queries.ownMessage(workflowId, messageId);
    const target = { threadId: workflowId, userId: context.actor, messageId, message };
    const outcome = await this.repository.execute(
      fileId === undefined ? { type: 'DeleteMessage', ...target } : { type: 'RemoveMessageFile', ...target, fileId },
      context,
    );
    return { position: outcome.position };
  }
}
