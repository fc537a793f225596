import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { BUILTIN_TOOL_NAMES, checkModelSetting } from '@forkline/agent';
import { AGENT_SLUG_PATTERN, RUN_MODES, RunMode } from '@forkline/domain';
import { IsId } from '../http/id.pipe';

const AGENT_MODES = RUN_MODES;
const MAX_METADATA_BYTES = 16_384;

/** Absent is fine; null is not (it would unset a field that always has a value). */
const Optional = () => ValidateIf((_, value) => value !== undefined);
/** Absent or null (null: back to the server's default) are both fine. */
const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);

/** A MODEL-style setting, checked by the same parser that checks MODEL at start. */
const IsModelSetting = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isModelSetting',
      validator: {
        validate: (value) => typeof value === 'string' && checkModelSetting(value) === null,
        defaultMessage: (args) => `must be 'offline' or '<provider>:<model name>' (openai, anthropic, ollama), got '${args?.value}'`,
      },
    },
    options,
  );

const SmallJson = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'smallJson',
      validator: {
        validate: (value) => Buffer.byteLength(JSON.stringify(value) ?? '') <= MAX_METADATA_BYTES,
        defaultMessage: () => `must be at most ${MAX_METADATA_BYTES} bytes of JSON`,
      },
    },
    options,
  );

export class AgentTriggerDto {
  @ApiProperty({ example: 'trigger_chat' })
  @IsString()
  @IsId()
  node_id: string;

  @ApiProperty({ enum: ['trigger_chat'] })
  @IsIn(['trigger_chat'], { message: "must be 'trigger_chat'" })
  type: 'trigger_chat';
}

/** Every field an agent has, each optional: a change names only what it changes. */
export class AgentFieldsRequest {
  @ApiPropertyOptional({ example: 'support-bot', description: 'Unique among your agents: 1-64 lowercase letters, digits, hyphens' })
  @Optional()
  @IsString()
  @Matches(AGENT_SLUG_PATTERN, { message: 'must be 1-64 lowercase letters, digits or hyphens, starting with a letter or digit' })
  slug?: string;

  @ApiPropertyOptional({ example: 'Support bot', maxLength: 200 })
  @Optional()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ enum: AGENT_MODES, description: "How runs answer when the message names no mode (default 'chat')" })
  @Optional()
  @IsIn(AGENT_MODES, { message: `must be one of ${AGENT_MODES.join(', ')}` })
  mode?: RunMode;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'openai:gpt-4o-mini',
    description: "Same syntax as MODEL; null: the server's",
  })
  @Nullable()
  @IsString()
  @MaxLength(200)
  @IsModelSetting()
  model?: string | null;

  @ApiPropertyOptional({ maxLength: 20_000, description: 'Sent to the model first, as a system message' })
  @Optional()
  @IsString()
  @MaxLength(20_000)
  system_prompt?: string;

  @ApiPropertyOptional({ type: [String], nullable: true, enum: BUILTIN_TOOL_NAMES, description: 'Built-in tools of react runs; null: all' })
  @Nullable()
  @IsArray()
  @ArrayUnique()
  @IsIn(BUILTIN_TOOL_NAMES, { each: true, message: `each must be one of ${BUILTIN_TOOL_NAMES.join(', ')}` })
  tools?: string[] | null;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  opening_statement?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  suggested_questions?: string[];

  @ApiPropertyOptional({ type: [AgentTriggerDto], maxItems: 20 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AgentTriggerDto)
  triggers?: AgentTriggerDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: `Free JSON object, at most ${MAX_METADATA_BYTES} bytes` })
  @Optional()
  @IsObject()
  @SmallJson()
  metadata?: Record<string, unknown>;
}

export class AgentResponse {
  @ApiProperty() agent_id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: AGENT_MODES }) mode: string;
  @ApiProperty({ type: String, nullable: true }) model: string | null;
  @ApiProperty() system_prompt: string;
  @ApiProperty({ type: [String], nullable: true }) tools: string[] | null;
  @ApiProperty() opening_statement: string;
  @ApiProperty({ type: [String] }) suggested_questions: string[];
  @ApiProperty({ type: [AgentTriggerDto] }) triggers: AgentTriggerDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ description: 'How many changes the agent has had (0: the default agent, never edited)' }) version: number;
  @ApiProperty({ type: String, nullable: true, description: 'null on the default agent until first edited' }) created_at: string | null;
  @ApiProperty({ type: String, nullable: true }) updated_at: string | null;
}
