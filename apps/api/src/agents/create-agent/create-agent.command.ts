import { Command } from '@nestjs/cqrs';
import { AgentDefinition } from '@forkline/domain';
import { CommandContext, Position } from '@forkline/event-store';

export interface AgentCommandResult {
  agentId: string;
  position: Position | undefined;
}

export class CreateAgentCommand extends Command<AgentCommandResult> {
  constructor(
    readonly agentId: string,
    readonly definition: AgentDefinition,
    readonly context: CommandContext,
  ) {
    super();
  }
}
