import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export interface SendChatMessageResult {
  executionId: string;
  position: Position | undefined;
}

export class SendChatMessageCommand extends Command<SendChatMessageResult> {
  constructor(
    readonly slug: string,
    readonly text: string,
    readonly triggerNodeId: string | null | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
