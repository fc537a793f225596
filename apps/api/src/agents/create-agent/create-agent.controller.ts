import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'crypto';
import { defaultAgentDefinition } from '@forkline/domain';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { Actor } from '../../http/request-context';
import { AgentResponse } from '../agent-fields.dto';
import { definitionChanges } from '../agent-view';
import { AgentQueries } from '../queries/agent-queries.service';
import { CreateAgentCommand } from './create-agent.command';
import { CreateAgentRequest } from './create-agent.dto';

@ApiTags('agents')
@Controller('agents')
export class CreateAgentController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: AgentQueries,
  ) {}

  /** 200 with the new agent, as every creating route of the other faces answers. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: AgentResponse })
  @ApiErrors(400, 409, 413)
  async create(@Body() body: CreateAgentRequest, @Actor() actor: CommandContext): Promise<AgentResponse> {
    for (const field of ['slug', 'name'] as const) if (body[field] === undefined) throw new BadRequestException(`${field}: is required`);
    const definition = { ...defaultAgentDefinition(), ...definitionChanges(body) };
    const { agentId } = await this.commands.dispatch(new CreateAgentCommand(randomUUID(), definition, actor));
    return this.queries.get(actor.actor, agentId);
  }
}
