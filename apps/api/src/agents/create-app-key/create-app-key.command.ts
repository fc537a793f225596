import { Command } from '@nestjs/cqrs';
import { CommandContext, Position } from '@forkline/event-store';

export interface CreateAppKeyResult {
  keyId: string;
  /** The key itself: answered once, never stored (only its SHA-256 is). */
  key: string;
  position: Position | undefined;
}

export class CreateAppKeyCommand extends Command<CreateAppKeyResult> {
  constructor(
    readonly agentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
