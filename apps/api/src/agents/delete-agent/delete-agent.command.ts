import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@forkline/event-store';
import { AgentCommandResult } from '../create-agent/create-agent.command';

export class DeleteAgentCommand extends Command<AgentCommandResult> {
  constructor(
    readonly agentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
