import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export class RevokeAppKeyCommand extends Command<{ position: Position | undefined }> {
  constructor(
    readonly agentId: string,
    readonly keyId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
