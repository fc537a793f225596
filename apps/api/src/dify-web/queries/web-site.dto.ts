import { ApiProperty } from '@nestjs/swagger';
import { WebAppSettingsResponse } from '../../http/dify/queries/app-info.dto';

/** The site object of GET /api/site: the service API's /v1/site and what Dify's web app also reads there. */
export class WebSiteSettings extends WebAppSettingsResponse {
  @ApiProperty({ description: 'Whether the prompt is shown to end users (Forkline: never)' }) prompt_public: boolean;
}

/** GET /api/site (Dify's AppSiteInfo): the site wrapped with the app, the end user and the workspace's branding. */
export class WebSiteResponse {
  @ApiProperty({ format: 'uuid', description: 'The app (agent) id' }) app_id: string;
  @ApiProperty({ format: 'uuid', description: "The passport's end user" }) end_user_id: string;
  @ApiProperty({ description: 'Served on the web (a switched-off app answers 403 before this)' }) enable_site: boolean;
  @ApiProperty({ type: WebSiteSettings }) site: WebSiteSettings;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Always null (Dify shows it for completion apps)',
  })
  model_config: null;
  @ApiProperty({ example: 'basic', description: "The workspace's plan: always `basic` (Forkline has no plans)" }) plan: string;
  @ApiProperty({ description: 'Always false' }) can_replace_logo: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Always null (no custom branding)' })
  custom_config: null;
}
