import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** GET /v1/info. */
export class AppInfoResponse {
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ example: 'advanced-chat', description: 'Always `advanced-chat`: an agent is a chatflow app' }) mode: string;
  @ApiProperty({ description: "The agent owner's user id" }) author_name: string;
}

export class ToolIconDetail {
  @ApiProperty({ example: '#EFF1F5' }) background: string;
  @ApiProperty({ example: '🧮' }) content: string;
}

/** GET /v1/meta: an emoji icon per tool the agent may call. */
export class AppMetaResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ToolIconDetail) },
    example: { calculator: { background: '#EFF1F5', content: '🧮' } },
  })
  tool_icons: Record<string, ToolIconDetail>;
}

/** GET /v1/site (Dify's WebAppSettingsResponse): the agent's name and description, the rest Dify's defaults. */
export class WebAppSettingsResponse {
  @ApiProperty() title: string;
  @ApiProperty() chat_color_theme: string;
  @ApiProperty() chat_color_theme_inverted: boolean;
  @ApiProperty({ enum: ['emoji', 'image'] }) icon_type: string;
  @ApiProperty() icon: string;
  @ApiProperty() icon_background: string;
  @ApiProperty({ type: String, nullable: true }) icon_url: string | null;
  @ApiProperty() description: string;
  @ApiProperty() copyright: string;
  @ApiProperty() privacy_policy: string;
  @ApiProperty() custom_disclaimer: string;
  @ApiProperty() default_language: string;
  @ApiProperty() show_workflow_steps: boolean;
  @ApiProperty() use_icon_as_answer_icon: boolean;
}
