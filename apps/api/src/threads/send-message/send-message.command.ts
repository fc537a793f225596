import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export interface SendMessageResult {
  eventId: string;
  position: Position | undefined;
}

export class SendMessageCommand extends Command<SendMessageResult> {
  constructor(readonly threadId: string, readonly content: string, readonly context: CommandContext) {
    super();
  }
}
