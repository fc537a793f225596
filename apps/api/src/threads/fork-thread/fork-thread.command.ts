import { Command } from '@nestjs/cqrs';
import { CommandContext, ForkResult } from '@forkline/event-store';

export type ForkThreadResult = ForkResult;

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
