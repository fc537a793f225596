import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AgentRepository } from '@forkline/event-store';
import { AgentCommandResult, CreateAgentCommand } from './create-agent.command';

@CommandHandler(CreateAgentCommand)
export class CreateAgentHandler implements ICommandHandler<CreateAgentCommand, AgentCommandResult> {
  constructor(private readonly agents: AgentRepository) {}

  async execute({ agentId, definition, context }: CreateAgentCommand): Promise<AgentCommandResult> {
    const outcome = await this.agents.create(agentId, context.actor, definition, context);
    return { agentId, position: outcome.position };
  }
}
