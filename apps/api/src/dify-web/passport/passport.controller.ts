import { Controller, Get, Req } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'crypto';
import { AuthenticatedRequest } from '../../auth/authenticated-request';
import { PassportTokens } from '../../auth/passport-tokens';
import { IssuesPassports } from '../../auth/public.decorator';
import { WebApps } from '../../auth/web-apps';
import { correlationIdOf } from '../../http/correlation-id';
import { DifyErrorResponse } from '../../http/dify/dify-app-context';
import { EndUserRecorder } from '../../http/dify/end-users/end-user-recorder';
import { PassportResponse } from './passport.dto';

/**
 * GET /api/passport: a browser's entry to a web app. Each call makes a new anonymous end user of the app (an end user
 * like the service API's, so its conversations are the same threads) and a passport naming it, as Dify's does.
 */
@ApiTags('dify-web')
@Controller('api')
export class PassportController {
  constructor(
    private readonly tokens: PassportTokens,
    private readonly apps: WebApps,
    private readonly endUsers: EndUserRecorder,
  ) {}

  @Get('passport')
  @IssuesPassports()
  @ApiHeader({ name: 'X-App-Code', required: true, description: "the app's site code (its agent's site_code)" })
  @ApiOkResponse({ type: PassportResponse })
  @ApiResponse({ status: 401, description: '`unauthorized`: X-App-Code is missing', type: DifyErrorResponse })
  @ApiResponse({
    status: 404,
    description: '`not_found`: no app has this code, or it is switched off for the web',
    type: DifyErrorResponse,
  })
  @ApiResponse({ status: 429, description: "`too_many_requests`: the app owner's rate limit", type: DifyErrorResponse })
  async passport(@Req() request: AuthenticatedRequest): Promise<PassportResponse> {
    const agentId = request.user!.app!.agentId;
    const app = (await this.apps.byId(agentId))!;
    const context = { actor: app.ownerId, correlationId: correlationIdOf(request), causationId: null };
    // Never shown to anyone: it only makes the end user's id unique (the service API's users are named by the app's own strings).
    const endUser = await this.endUsers.record({ agentId, ownerId: app.ownerId, context }, `passport:${randomUUID()}`);
    const accessToken = await this.tokens.issue({ agentId, siteCode: app.siteCode!, endUserId: endUser!.endUserId });
    return { access_token: accessToken };
  }
}
