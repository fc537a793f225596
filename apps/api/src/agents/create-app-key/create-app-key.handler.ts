import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { AgentRepository } from '@forkline/event-store';
import { issueAppKey } from '@forkline/platform';
import { CreateAppKeyCommand, CreateAppKeyResult } from './create-app-key.command';

@CommandHandler(CreateAppKeyCommand)
export class CreateAppKeyHandler implements ICommandHandler<CreateAppKeyCommand, CreateAppKeyResult> {
  constructor(private readonly agents: AgentRepository) {}

  async execute({ agentId, context }: CreateAppKeyCommand): Promise<CreateAppKeyResult> {
    const { key, keySha256, hint } = issueAppKey();
    const keyId = randomUUID();
    const outcome = await this.agents.createAppKey(agentId, context.actor, { keyId, keySha256, hint }, context);
    return { keyId, key, position: outcome.position };
  }
}
