import { Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse } from '@nestjs/swagger';
import { AppMetaResponse, ToolIconDetail } from '../../http/dify/queries/app-info.dto';
import { AppInfo } from '../../http/dify/queries/app-info.service';
import { ChatAppParametersResponse, UserInputControl } from '../../http/dify/queries/parameters.dto';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';
import { WebSiteResponse } from './web-site.dto';

/** What Dify's web app reads before its first message: the same settings as the service API's, /site wrapped as the web face shows it. */
@DifyWebController(400)
@ApiExtraModels(UserInputControl, ToolIconDetail)
export class WebAppInfoController {
  constructor(private readonly info: AppInfo) {}

  @Get('parameters')
  @ApiOkResponse({ type: ChatAppParametersResponse })
  parameters(@WebApp() app: DifyWebContext): Promise<ChatAppParametersResponse> {
    return this.info.parameters(app);
  }

  @Get('meta')
  @ApiOkResponse({ type: AppMetaResponse })
  meta(@WebApp() app: DifyWebContext): Promise<AppMetaResponse> {
    return this.info.meta(app);
  }

  @Get('site')
  @ApiOkResponse({ type: WebSiteResponse })
  async site(@WebApp() app: DifyWebContext): Promise<WebSiteResponse> {
    const site = { ...(await this.info.site(app)), prompt_public: false };
    return {
      app_id: app.agentId,
      end_user_id: app.endUserId,
      enable_site: true,
      site,
      model_config: null,
      plan: 'basic',
      can_replace_logo: false,
      custom_config: null,
    };
  }
}
