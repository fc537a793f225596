import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { AppKeyQueries } from '../queries/app-key-queries.service';
import { CreateAppKeyCommand } from './create-app-key.command';
import { CreatedAppKeyResponse } from './create-app-key.dto';

@ApiTags('agents')
@Controller('agents')
export class CreateAppKeyController {
  constructor(
    private readonly commands: CommandDispatcher,
    private readonly queries: AppKeyQueries,
  ) {}

  /**
   * A new app key of your agent, for the Dify service API (/v1): the answer is the only place the key appears.
   * At most 10 keys at once (400 past that).
   */
  @Post(':agent_id/api-keys')
  @HttpCode(200)
  @ApiOkResponse({ type: CreatedAppKeyResponse })
  @ApiErrors(400, 404)
  async create(@Param('agent_id', new IdPipe('agent_id')) agentId: string, @Actor() actor: CommandContext): Promise<CreatedAppKeyResponse> {
    const { keyId, key } = await this.commands.dispatch(new CreateAppKeyCommand(agentId, actor));
    return { ...(await this.queries.get(actor.actor, agentId, keyId)), key };
  }
}
