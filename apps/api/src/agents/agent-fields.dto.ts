import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsObject, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { BUILTIN_TOOL_NAMES } from '@forkline/agent';
import { AGENT_LIMITS, RUN_MODES, RunMode } from '@forkline/domain';
import { IsId } from '../http/id.pipe';
import { ConversationVariableDto, SuggestedAfterAnswerSetting } from './agent-dify-settings.dto';

/*
 * The DTOs check the JSON's shape (types, nesting, no unknown fields); what the values may be is the domain's
 * checkAgentDefinition (see agent-view.ts), which the CLI applies too. The limits below are documentation only.
 */

/** Absent is fine; null is not (it would unset a field that always has a value). */
const Optional = () => ValidateIf((_, value) => value !== undefined);
/** Absent or null (null: back to the server's default) are both fine. */
const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);

export class AgentTriggerDto {
  @ApiProperty({ example: 'trigger_chat' })
  @IsString()
  @IsId()
  node_id: string;

  @ApiProperty({ enum: ['trigger_chat'] })
  @IsString()
  type: 'trigger_chat';
}

/** Every field an agent has, each optional: a change names only what it changes. */
export class AgentFieldsRequest {
  @ApiPropertyOptional({ example: 'support-bot', description: 'Unique among your agents: 1-64 lowercase letters, digits, hyphens' })
  @Optional()
  @IsString()
  slug?: string;

  @ApiPropertyOptional({ example: 'Support bot', maxLength: AGENT_LIMITS.name })
  @Optional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ maxLength: AGENT_LIMITS.description })
  @Optional()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ enum: RUN_MODES, description: "How runs answer when the message names no mode (default 'chat')" })
  @Optional()
  @IsString()
  mode?: RunMode;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: AGENT_LIMITS.model,
    example: 'openai:gpt-4o-mini',
    description: "Same syntax as MODEL; null: the server's",
  })
  @Nullable()
  @IsString()
  model?: string | null;

  @ApiPropertyOptional({ maxLength: AGENT_LIMITS.systemPrompt, description: 'Sent to the model first, as a system message' })
  @Optional()
  @IsString()
  system_prompt?: string;

  @ApiPropertyOptional({ type: [String], nullable: true, enum: BUILTIN_TOOL_NAMES, description: 'Built-in tools of react runs; null: all' })
  @Nullable()
  @IsArray()
  @IsString({ each: true })
  tools?: string[] | null;

  @ApiPropertyOptional({ maxLength: AGENT_LIMITS.openingStatement })
  @Optional()
  @IsString()
  opening_statement?: string;

  @ApiPropertyOptional({ type: [String], maxItems: AGENT_LIMITS.suggestedQuestions })
  @Optional()
  @IsArray()
  @IsString({ each: true })
  suggested_questions?: string[];

  @ApiPropertyOptional({ type: [AgentTriggerDto], maxItems: AGENT_LIMITS.triggers })
  @Optional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgentTriggerDto)
  triggers?: AgentTriggerDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `Free JSON object, at most ${AGENT_LIMITS.metadataBytes} bytes`,
  })
  @Optional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ type: SuggestedAfterAnswerSetting, description: 'Absent on a new agent: off' })
  @Optional()
  @ValidateNested()
  @Type(() => SuggestedAfterAnswerSetting)
  suggested_questions_after_answer?: SuggestedAfterAnswerSetting;

  @ApiPropertyOptional({ type: [ConversationVariableDto], maxItems: AGENT_LIMITS.conversationVariables })
  @Optional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ConversationVariableDto)
  conversation_variables?: ConversationVariableDto[];

  @ApiPropertyOptional({
    example: 'Xk3v9QpL2mZ8rT1w',
    pattern: '^[A-Za-z0-9_-]{4,64}$',
    description: "The app's public code on the Dify web API (X-App-Code), unique across all users; generated when not given",
  })
  @Optional()
  @IsString()
  site_code?: string;

  @ApiPropertyOptional({ description: 'Whether the Dify web API (/api, passports) serves the agent; default true' })
  @Optional()
  @IsBoolean()
  web_enabled?: boolean;
}

export class AgentResponse {
  @ApiProperty() agent_id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: RUN_MODES }) mode: string;
  @ApiProperty({ type: String, nullable: true }) model: string | null;
  @ApiProperty() system_prompt: string;
  @ApiProperty({ type: [String], nullable: true }) tools: string[] | null;
  @ApiProperty() opening_statement: string;
  @ApiProperty({ type: [String] }) suggested_questions: string[];
  @ApiProperty({ type: [AgentTriggerDto] }) triggers: AgentTriggerDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: SuggestedAfterAnswerSetting }) suggested_questions_after_answer: SuggestedAfterAnswerSetting;
  @ApiProperty({ type: [ConversationVariableDto] }) conversation_variables: ConversationVariableDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null until the agent is first changed (agents from before site codes)' })
  site_code: string | null;
  @ApiProperty() web_enabled: boolean;
  @ApiProperty({ description: 'How many changes the agent has had (0: the default agent, never edited)' }) version: number;
  @ApiProperty({ type: String, nullable: true, description: 'null on the default agent until first edited' }) created_at: string | null;
  @ApiProperty({ type: String, nullable: true }) updated_at: string | null;
}
