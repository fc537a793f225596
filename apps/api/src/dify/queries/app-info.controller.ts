import { Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse } from '@nestjs/swagger';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { EndUserRecorder } from '../../http/dify/end-users/end-user-recorder';
import { AppInfoResponse, AppMetaResponse, ToolIconDetail, WebAppSettingsResponse } from '../../http/dify/queries/app-info.dto';
import { AppInfo } from '../../http/dify/queries/app-info.service';
import { ChatAppParametersResponse, UserInputControl } from '../../http/dify/queries/parameters.dto';
import { UserQuery } from './user-query.dto';

/** The app's settings as Dify's clients read them before a conversation; `?user=` records that end user on first use. */
@DifyController()
@ApiExtraModels(UserInputControl, ToolIconDetail)
export class AppInfoController {
  constructor(
    private readonly info: AppInfo,
    private readonly endUsers: EndUserRecorder,
  ) {}

  @Get('parameters')
  @ApiOkResponse({ type: ChatAppParametersResponse })
  async parameters(@DifyApp() app: DifyAppContext, @Query() query: UserQuery): Promise<ChatAppParametersResponse> {
    const answer = await this.info.parameters(app);
    await this.endUsers.record(app, query.user);
    return answer;
  }

  @Get('meta')
  @ApiOkResponse({ type: AppMetaResponse })
  async meta(@DifyApp() app: DifyAppContext, @Query() query: UserQuery): Promise<AppMetaResponse> {
    const answer = await this.info.meta(app);
    await this.endUsers.record(app, query.user);
    return answer;
  }

  @Get('info')
  @ApiOkResponse({ type: AppInfoResponse })
  async getInfo(@DifyApp() app: DifyAppContext, @Query() query: UserQuery): Promise<AppInfoResponse> {
    const answer = await this.info.info(app);
    await this.endUsers.record(app, query.user);
    return answer;
  }

  @Get('site')
  @ApiOkResponse({ type: WebAppSettingsResponse })
  async site(@DifyApp() app: DifyAppContext, @Query() query: UserQuery): Promise<WebAppSettingsResponse> {
    const answer = await this.info.site(app);
    await this.endUsers.record(app, query.user);
    return answer;
  }
}
