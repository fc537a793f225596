import { CommandContext } from '@forkline/event-store';
import { WorkflowCommand } from '../workflow-command';

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
