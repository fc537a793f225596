import { Controller, Delete, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { DeleteAgentCommand } from './delete-agent.command';
import { DeleteAgentResponse } from './delete-agent.dto';

@ApiTags('agents')
@Controller('agents')
export class DeleteAgentController {
  constructor(private readonly commands: CommandDispatcher) {}

  /** The agent's threads answer with your default agent from then on; the default agent itself cannot be deleted (409). */
  @Delete(':agent_id')
  @ApiOkResponse({ type: DeleteAgentResponse })
  @ApiErrors(400, 404, 409)
  async delete(@Param('agent_id', new IdPipe('agent_id')) agentId: string, @Actor() actor: CommandContext): Promise<DeleteAgentResponse> {
    await this.commands.dispatch(new DeleteAgentCommand(agentId, actor));
    return { agent_id: agentId, deleted: true };
  }
}
