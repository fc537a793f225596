import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AgentRepository } from '@forkline/event-store';
import { AgentCommandResult } from '../create-agent/create-agent.command';
import { UpdateAgentCommand } from './update-agent.command';

@CommandHandler(UpdateAgentCommand)
export class UpdateAgentHandler implements ICommandHandler<UpdateAgentCommand, AgentCommandResult> {
  constructor(private readonly agents: AgentRepository) {}

  async execute({ agentId, changes, context }: UpdateAgentCommand): Promise<AgentCommandResult> {
    const outcome = await this.agents.update(agentId, context.actor, changes, context);
    return { agentId, position: outcome.position };
  }
}
