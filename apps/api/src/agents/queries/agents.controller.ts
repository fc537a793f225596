import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { PagedResponse } from '../../http/pagination';
import { UserId } from '../../http/request-context';
import { AgentResponse } from '../agent-fields.dto';
import { AgentPage } from './agent-queries.dto';
import { AgentQueries } from './agent-queries.service';

@ApiTags('agents')
@ApiErrors(400, 404)
@Controller('agents')
export class AgentsController {
  constructor(private readonly queries: AgentQueries) {}

  @Get()
  @ApiOkResponse({ type: AgentResponse, isArray: true, description: 'Your agents, your default agent (slug assistant) first' })
  @UseInterceptors(PagedResponse)
  list(@UserId() userId: string, @Query() page: AgentPage) {
    return this.queries.list(userId, page);
  }

  @Get(':agent_id')
  @ApiOkResponse({ type: AgentResponse })
  get(@UserId() userId: string, @Param('agent_id', new IdPipe('agent_id')) agentId: string) {
    return this.queries.get(userId, agentId);
  }
}
