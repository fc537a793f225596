import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AgentRepository } from '@forkline/event-store';
import { AgentCommandResult } from '../create-agent/create-agent.command';
import { DeleteAgentCommand } from './delete-agent.command';

@CommandHandler(DeleteAgentCommand)
export class DeleteAgentHandler implements ICommandHandler<DeleteAgentCommand, AgentCommandResult> {
  constructor(private readonly agents: AgentRepository) {}

  async execute({ agentId, context }: DeleteAgentCommand): Promise<AgentCommandResult> {
    const outcome = await this.agents.delete(agentId, context.actor, context);
    return { agentId, position: outcome.position };
  }
}
