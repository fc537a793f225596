import { CommandContext } from '@forkline/event-store';
import { WorkflowCommand } from '../workflow-command';

/** Changes the workflow's name, description or tags; the fields left out keep their values. */
export class UpdateWorkflowCommand extends WorkflowCommand {
  constructor(
    workflowId: string,
    context: CommandContext,
    readonly changes: { name?: string; description?: string; tags?: string[] },
  ) {
    super(workflowId, context);
  }
}
