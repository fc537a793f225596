import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AgentRepository, Position } from '@forkline/event-store';
import { RevokeAppKeyCommand } from './revoke-app-key.command';

@CommandHandler(RevokeAppKeyCommand)
export class RevokeAppKeyHandler implements ICommandHandler<RevokeAppKeyCommand, { position: Position | undefined }> {
  constructor(private readonly agents: AgentRepository) {}

  async execute({ agentId, keyId, context }: RevokeAppKeyCommand): Promise<{ position: Position | undefined }> {
    const outcome = await this.agents.revokeAppKey(agentId, context.actor, keyId, context);
    return { position: outcome.position };
  }
}
