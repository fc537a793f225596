import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { UserId } from '../../http/request-context';
import { AppKeyResponse } from '../app-key.dto';
import { AppKeyQueries } from './app-key-queries.service';

@ApiTags('agents')
@Controller('agents')
export class AppKeysController {
  constructor(private readonly queries: AppKeyQueries) {}

  /** Your agent's app keys, oldest first, without their secrets. */
  @Get(':agent_id/api-keys')
  @ApiOkResponse({ type: AppKeyResponse, isArray: true })
  @ApiErrors(400, 404)
  list(@UserId() userId: string, @Param('agent_id', new IdPipe('agent_id')) agentId: string): Promise<AppKeyResponse[]> {
    return this.queries.list(userId, agentId);
  }
}
