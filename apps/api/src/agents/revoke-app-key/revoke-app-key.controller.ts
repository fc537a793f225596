import { Controller, Delete, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { CommandDispatcher } from '../../http/command-dispatcher';
import { IdPipe } from '../../http/id.pipe';
import { Actor } from '../../http/request-context';
import { RevokeAppKeyCommand } from './revoke-app-key.command';
import { RevokeAppKeyResponse } from './revoke-app-key.dto';

@ApiTags('agents')
@Controller('agents')
export class RevokeAppKeyController {
  constructor(private readonly commands: CommandDispatcher) {}

  /** The key stops working once this answers; a key already revoked (or never made) is 404. */
  @Delete(':agent_id/api-keys/:key_id')
  @ApiOkResponse({ type: RevokeAppKeyResponse })
  @ApiErrors(400, 404)
  async revoke(
    @Param('agent_id', new IdPipe('agent_id')) agentId: string,
    @Param('key_id', new IdPipe('key_id')) keyId: string,
    @Actor() actor: CommandContext,
  ): Promise<RevokeAppKeyResponse> {
    await this.commands.dispatch(new RevokeAppKeyCommand(agentId, keyId, actor));
    return { key_id: keyId, revoked: true };
  }
}
