import { Command } from '@nestjs/cqrs';
import { AttachedFile, RunMode } from '@forkline/domain';
import { CommandContext, Position } from '@forkline/event-store';

export interface SendMessageResult {
  eventId: string;
  position: Position | undefined;
}

/** How the agent should answer, and what comes with the message (workflow face). */
export interface MessageOptions {
  mode?: RunMode;
  files?: AttachedFile[];
  metadata?: Record<string, unknown>;
}

export class SendMessageCommand extends Command<SendMessageResult> {
  constructor(
    readonly threadId: string,
    readonly content: string,
    readonly context: CommandContext,
    readonly options: MessageOptions = {},
  ) {
    super();
  }
}
