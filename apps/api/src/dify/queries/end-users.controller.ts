import { Get, Param } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { deterministicId } from '@forkline/domain';
import { DifyError } from '../../http/dify-error';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { EndUserRecorder } from '../../http/dify/end-users/end-user-recorder';
import { EndUserDetail } from './end-user.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The app owner's "workspace" as Dify names it: one per owner, a uuid like all of Dify's ids. */
export const tenantIdOf = (ownerId: string) => deterministicId(`tenant:${ownerId}`);

@DifyController(404)
export class EndUsersController {
  constructor(private readonly endUsers: EndUserRecorder) {}

  /** One of this app's end users (another app's is reported exactly like a missing one). */
  @Get('end-users/:end_user_id')
  @ApiOkResponse({ type: EndUserDetail })
  async get(@DifyApp() app: DifyAppContext, @Param('end_user_id') id: string): Promise<EndUserDetail> {
    // Dify routes the id as a uuid: anything else matches no end user.
    const found = UUID.test(id) ? await this.endUsers.find(app, id.toLowerCase()) : null;
    if (!found) throw new DifyError(404, 'end_user_not_found', 'End user not found.');
    return {
      id: found.endUserId,
      tenant_id: tenantIdOf(found.ownerId),
      app_id: found.agentId,
      type: 'service_api',
      external_user_id: found.externalUserId,
      name: null,
      is_anonymous: false,
      session_id: found.externalUserId,
      created_at: found.createdAt,
      updated_at: found.createdAt,
    };
  }
}
