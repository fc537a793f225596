import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export interface WorkflowCommandResult {
  position: Position | undefined;
}

/** A command on one workflow, by its owner. */
export abstract class WorkflowCommand extends Command<WorkflowCommandResult> {
  constructor(
    readonly workflowId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
