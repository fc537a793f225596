import { Command } from '@nestjs/cqrs';
import { AgentDefinition } from '@forkline/domain';
import { CommandContext } from '@forkline/event-store';
import { AgentCommandResult } from '../create-agent/create-agent.command';

export class UpdateAgentCommand extends Command<AgentCommandResult> {
  constructor(
    readonly agentId: string,
    readonly changes: Partial<AgentDefinition>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
