import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export interface ForkThreadResult {
  newThreadId: string;
  position: Position | undefined;
}

export class ForkThreadCommand extends Command<ForkThreadResult> {
  constructor(readonly sourceThreadId: string, readonly eventNumber: number, readonly context: CommandContext) {
    super();
  }
}
