import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { AgentResponse } from '../agent-fields.dto';
import { definitionChanges } from '../agent-view';
import { AgentQueries } from '../queries/agent-queries.service';
import { UpdateAgentCommand } from './update-agent.command';
import { UpdateAgentRequest } from './update-agent.dto';

@ApiTags('agents')
@Controller('agents')
export class UpdateAgentController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: AgentQueries,
  ) {}

  /** Later runs answer with the changed agent; runs already started keep the version they recorded. */
  @Patch(':agent_id')
  @ApiOkResponse({ type: AgentResponse })
  @ApiErrors(400, 404, 409, 413)
  async update(
    @Param('agent_id', new IdPipe('agent_id')) agentId: string,
    @Body() body: UpdateAgentRequest,
    @Actor() actor: CommandContext,
  ): Promise<AgentResponse> {
    await this.commands.dispatch(new UpdateAgentCommand(agentId, definitionChanges(body), actor));
    return this.queries.get(actor.actor, agentId);
  }
}
