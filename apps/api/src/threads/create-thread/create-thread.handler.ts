import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { defaultAgentId, InvalidCommand } from '@forkline/domain';
import { AgentRepository, ThreadRepository } from '@forkline/event-store';
import { CreateThreadCommand, CreateThreadResult } from './create-thread.command';

@CommandHandler(CreateThreadCommand)
export class CreateThreadHandler implements ICommandHandler<CreateThreadCommand, CreateThreadResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly agents: AgentRepository,
  ) {}

  async execute({ threadId, context, agentId = defaultAgentId(context.actor) }: CreateThreadCommand): Promise<CreateThreadResult> {
    // Another user's agent is refused exactly like a missing one.
    if (!(await this.agents.find(context.actor, agentId))) throw new InvalidCommand(`agent_id: no agent '${agentId}'`, 'agent_id');
    const outcome = await this.repository.execute({ type: 'CreateThread', threadId, ownerId: context.actor, agentId }, context);
    return { threadId, eventId: outcome.eventIds[0], position: outcome.position };
  }
}
