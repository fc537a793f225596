import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IgnoresUnknownFields } from '../../validation.pipe';
import { ChatFileInput } from '../files/chat-file.dto';

/** POST /v1/chat-messages (the seed's ChatRequest); unknown fields (`files: null`, `workflow_id`, ...) are ignored, as Dify does. */
@IgnoresUnknownFields()
export class ChatMessageRequest {
  // Decorators run from the property up and the pipe stops at the first failure: the type first, then emptiness, then size.
  @ApiProperty({ example: 'What can you do?', description: "The end user's question (not only whitespace)" })
  @MaxLength(100_000, { message: 'must be at most 100000 characters' })
  @Matches(/\S/, { message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'must be provided' })
  query: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: {},
    description: "The app's input variables (kept with the message)",
  })
  @IsOptional()
  @IsObject()
  inputs?: Record<string, unknown>;

  @ApiProperty({ example: 'abc-123', description: "The end user's identifier in your app: the conversation is theirs alone" })
  @MaxLength(255, { message: 'must be at most 255 characters' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'must be provided' })
  user: string;

  @ApiPropertyOptional({ enum: ['blocking', 'streaming'], description: 'Absent: blocking' })
  @IsOptional()
  @IsIn(['blocking', 'streaming'])
  response_mode?: 'blocking' | 'streaming';

  @ApiPropertyOptional({ example: '', description: 'A conversation of this end user to continue; empty or absent: a new conversation' })
  // Dify strips it: a blank one starts a new conversation.
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @MaxLength(64, { message: 'must be at most 64 characters' })
  @IsString({ message: 'must be a string' })
  conversation_id?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Answer after this message of the conversation (Forkline's addition): its branch goes on, or a new branch is forked at it. " +
      "`00000000-0000-0000-0000-000000000000` (Dify's UUID_NIL): as the conversation's first message, in a new branch. Absent: after the latest message",
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a uuid' })
  @IsString({ message: 'must be a string' })
  parent_message_id?: string;

  @ApiPropertyOptional({
    type: [ChatFileInput],
    nullable: true,
    description: "Files for the message: this end user's uploads (local_file) or links (remote_url); listed with it as message_files",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChatFileInput)
  files?: ChatFileInput[] | null;

  @ApiPropertyOptional({ default: true, description: 'Name a new conversation after its first query (false: "New conversation")' })
  @IsOptional()
  @IsBoolean()
  auto_generate_name?: boolean;
}

export class DifyUsage {
  @ApiProperty() prompt_tokens: number;
  @ApiProperty({ example: '0' }) prompt_unit_price: string;
  @ApiProperty({ example: '0.001' }) prompt_price_unit: string;
  @ApiProperty({ example: '0' }) prompt_price: string;
  @ApiProperty() completion_tokens: number;
  @ApiProperty({ example: '0' }) completion_unit_price: string;
  @ApiProperty({ example: '0.001' }) completion_price_unit: string;
  @ApiProperty({ example: '0' }) completion_price: string;
  @ApiProperty() total_tokens: number;
  @ApiProperty({ example: '0' }) total_price: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ description: 'Seconds the run took' }) latency: number;
}

export class ChatMessageMetadata {
  @ApiProperty({ type: DifyUsage }) usage: DifyUsage;
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [] }) retriever_resources: unknown[];
}

/** The blocking answer (the seed's ChatCompletionResponse). */
export class ChatCompletionResponse {
  @ApiProperty({ example: 'message' }) event: 'message';
  @ApiProperty({ format: 'uuid', description: 'The run answering: pass it to /chat-messages/{task_id}/stop' }) task_id: string;
  @ApiProperty({ format: 'uuid', description: "The answer's message id" }) id: string;
  @ApiProperty({ format: 'uuid', description: "The answer's message id" }) message_id: string;
  @ApiProperty({ format: 'uuid', description: "The conversation's root thread id" }) conversation_id: string;
  @ApiProperty({ example: 'advanced-chat' }) mode: 'advanced-chat';
  @ApiProperty() answer: string;
  @ApiProperty({ type: ChatMessageMetadata }) metadata: ChatMessageMetadata;
  @ApiProperty({ description: 'When the message was sent, in epoch seconds' }) created_at: number;
}

@IgnoresUnknownFields()
export class StopChatMessageRequest {
  @ApiProperty({ example: 'abc-123', description: 'The end user who started the task: only theirs is stopped' })
  @MaxLength(255, { message: 'must be at most 255 characters' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'must be provided' })
  user: string;
}

export class SuccessResult {
  @ApiProperty({ example: 'success' }) result: 'success';
}
