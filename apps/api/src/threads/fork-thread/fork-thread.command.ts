import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export interface ForkThreadResult {
  newThreadId: string;
  position: Position | undefined;
}

export class ForkThreadCommand extends Command<ForkThreadResult> {
  /** Where to fork: an event number of the source, or one of its checkpoints. */
  constructor(
    readonly sourceThreadId: string,
    readonly at: { eventNumber: number } | { checkpointId: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
