import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export interface CreateThreadResult {
  threadId: string;
  eventId: string;
  position: Position | undefined;
}

export class CreateThreadCommand extends Command<CreateThreadResult> {
  constructor(
    readonly threadId: string,
    readonly context: CommandContext,
    /** The caller's agent that answers in the thread; their default agent when undefined. */
    readonly agentId?: string,
  ) {
    super();
  }
}
