import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

class LicenseWorkspaces {
  @ApiProperty() enabled: boolean;
  @ApiProperty() size: number;
  @ApiProperty() limit: number;
}

class License {
  @ApiProperty({ example: 'none' }) status: string;
  @ApiProperty({ example: '' }) expired_at: string;
  @ApiProperty({ type: LicenseWorkspaces }) workspaces: LicenseWorkspaces;
}

class Branding {
  @ApiProperty() enabled: boolean;
  @ApiProperty() application_title: string;
  @ApiProperty() login_page_logo: string;
  @ApiProperty() workspace_logo: string;
  @ApiProperty() favicon: string;
}

class SsoConfig {
  @ApiProperty({ example: '' }) protocol: string;
}

class WebAppAuth {
  @ApiProperty({ description: 'false: no web-app sign-in; a browser only needs a passport' }) enabled: boolean;
  @ApiProperty() allow_sso: boolean;
  @ApiProperty({ type: SsoConfig }) sso_config: SsoConfig;
  @ApiProperty() allow_email_code_login: boolean;
  @ApiProperty() allow_email_password_login: boolean;
}

class PluginInstallationPermission {
  @ApiProperty({ example: 'all' }) plugin_installation_scope: string;
  @ApiProperty() restrict_to_marketplace_only: boolean;
}

class PluginManager {
  @ApiProperty() enabled: boolean;
}

/** Dify's SystemFeatureModel, with every account and enterprise feature off. */
export class SystemFeaturesResponse {
  @ApiProperty() sso_enforced_for_signin: boolean;
  @ApiProperty() sso_enforced_for_signin_protocol: string;
  @ApiProperty() enable_marketplace: boolean;
  @ApiProperty() max_plugin_package_size: number;
  @ApiProperty() enable_email_code_login: boolean;
  @ApiProperty() enable_email_password_login: boolean;
  @ApiProperty() enable_social_oauth_login: boolean;
  @ApiProperty() is_allow_register: boolean;
  @ApiProperty() is_allow_create_workspace: boolean;
  @ApiProperty() is_email_setup: boolean;
  @ApiProperty({ type: License }) license: License;
  @ApiProperty({ type: Branding }) branding: Branding;
  @ApiProperty({ type: WebAppAuth }) webapp_auth: WebAppAuth;
  @ApiProperty({ type: PluginInstallationPermission }) plugin_installation_permission: PluginInstallationPermission;
  @ApiProperty() enable_change_email: boolean;
  @ApiProperty({ type: PluginManager }) plugin_manager: PluginManager;
}

export class AccessModeQuery {
  @ApiProperty({ required: false, description: "The app's site code (X-App-Code)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  appCode?: string;

  @ApiProperty({ required: false, description: "The app's id (/api/site's app_id)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  appId?: string;
}

export class AccessModeResponse {
  @ApiProperty({ enum: ['public'], description: 'Always public: any browser with the code may get a passport' })
  accessMode: 'public';
}

export class PermissionQuery {
  @ApiProperty({ required: true, description: "The app's id (/api/site's app_id)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  appId?: string;
}

export class PermissionResponse {
  @ApiProperty({ example: true }) result: boolean;
}
