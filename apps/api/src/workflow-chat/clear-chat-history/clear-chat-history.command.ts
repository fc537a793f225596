import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export class ClearChatHistoryCommand extends Command<{ position: Position | undefined }> {
  constructor(
    readonly slug: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
