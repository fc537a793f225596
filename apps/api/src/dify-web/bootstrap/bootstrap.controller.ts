import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { DifyError } from '../../http/dify-error';
import { DifyErrorResponse } from '../../http/dify/dify-app-context';
import { AccessModeQuery, AccessModeResponse, PermissionQuery, PermissionResponse, SystemFeaturesResponse } from './bootstrap.dto';

/** Dify's defaults (SystemFeatureModel) for a server with no accounts: its web front end then asks only for a passport. */
const SYSTEM_FEATURES: SystemFeaturesResponse = {
  sso_enforced_for_signin: false,
  sso_enforced_for_signin_protocol: '',
  enable_marketplace: false,
  max_plugin_package_size: 15_728_640,
  enable_email_code_login: false,
  enable_email_password_login: false,
  enable_social_oauth_login: false,
  is_allow_register: false,
  is_allow_create_workspace: false,
  is_email_setup: false,
  license: { status: 'none', expired_at: '', workspaces: { enabled: false, size: 0, limit: 0 } },
  branding: { enabled: false, application_title: '', login_page_logo: '', workspace_logo: '', favicon: '' },
  webapp_auth: {
    enabled: false,
    allow_sso: false,
    sso_config: { protocol: '' },
    allow_email_code_login: false,
    allow_email_password_login: false,
  },
  plugin_installation_permission: { plugin_installation_scope: 'all', restrict_to_marketplace_only: false },
  enable_change_email: false,
  plugin_manager: { enabled: false },
};

/**
 * What Dify's web front end asks before anything else, with no passport yet: the server's features (no web-app sign-in,
 * so `webapp_auth.enabled` is false), an app's access mode (public) and whether the browser may use it (yes: a passport
 * is all it needs). Fixed answers: they read and write nothing.
 */
@ApiTags('dify-web')
@Controller('api')
@Public()
export class BootstrapController {
  @Get('system-features')
  @ApiOkResponse({ type: SystemFeaturesResponse })
  systemFeatures(): SystemFeaturesResponse {
    return SYSTEM_FEATURES;
  }

  @Get('webapp/access-mode')
  @ApiOkResponse({ type: AccessModeResponse })
  @ApiResponse({ status: 400, description: '`invalid_param`: neither appCode nor appId', type: DifyErrorResponse })
  accessMode(@Query() query: AccessModeQuery): AccessModeResponse {
    if (!query.appCode && !query.appId) throw new DifyError(400, 'invalid_param', 'appCode or appId: one of them is required');
    return { accessMode: 'public' };
  }

  @Get('webapp/permission')
  @ApiOkResponse({ type: PermissionResponse })
  @ApiResponse({ status: 400, description: '`invalid_param`: appId is missing', type: DifyErrorResponse })
  permission(@Query() query: PermissionQuery): PermissionResponse {
    if (!query.appId) throw new DifyError(400, 'invalid_param', 'appId: is required');
    return { result: true };
  }
}
