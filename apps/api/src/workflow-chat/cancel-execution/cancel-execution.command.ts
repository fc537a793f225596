import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

/** Stop one execution (run) of the caller's. */
export class CancelExecutionCommand extends Command<{ position: Position | undefined }> {
  constructor(
    readonly executionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
