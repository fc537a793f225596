import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IgnoresUnknownFields } from '../../validation.pipe';
import { DifyLimit } from '../dify-paging';
import { MessageFileItem } from '../files/file.dto';

const USER = { example: 'abc-123', description: 'The end user whose conversations these are' };

@IgnoresUnknownFields()
export class ConversationsQuery {
  @ApiPropertyOptional(USER) @IsOptional() @IsString() @MaxLength(255) user?: string;
  @ApiPropertyOptional({
    description:
      "The last conversation of the previous page: the page after it (Dify's SDK 2.3.2 sends first_id instead, which is ignored)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  last_id?: string;
  @DifyLimit() limit: number = 20;
  @ApiPropertyOptional({ enum: ['created_at', '-created_at', 'updated_at', '-updated_at'], default: '-updated_at' })
  @IsOptional()
  @IsIn(['created_at', '-created_at', 'updated_at', '-updated_at'])
  sort_by: 'created_at' | '-created_at' | 'updated_at' | '-updated_at' = '-updated_at';
}

@IgnoresUnknownFields()
export class MessagesQuery {
  @ApiProperty({ description: 'The conversation (required)' }) @IsString() @IsNotEmpty() @MaxLength(64) conversation_id: string;
  @ApiPropertyOptional(USER) @IsOptional() @IsString() @MaxLength(255) user?: string;
  @ApiPropertyOptional({ description: 'The oldest message of the previous page: the page of messages before it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  first_id?: string;
  @DifyLimit() limit: number = 20;
}

@IgnoresUnknownFields()
export class RenameConversationRequest {
  @ApiPropertyOptional({ description: 'The new name (required unless auto_generate)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;
  @ApiPropertyOptional({ default: false, description: "Name it after its first query, as a new conversation's name is made" })
  @IsOptional()
  @IsBoolean()
  auto_generate?: boolean;
  @ApiPropertyOptional(USER) @IsOptional() @IsString() @MaxLength(255) user?: string;
}

@IgnoresUnknownFields()
export class DeleteConversationRequest {
  @ApiPropertyOptional(USER) @IsOptional() @IsString() @MaxLength(255) user?: string;
}

export class ConversationListItem {
  @ApiProperty({ format: 'uuid', description: "The conversation's root thread id" }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The inputs of its first message' }) inputs: Record<
    string,
    unknown
  >;
  @ApiProperty({ example: 'normal' }) status: string;
  @ApiProperty({ description: "The app's opening statement" }) introduction: string;
  @ApiProperty({ description: 'Epoch seconds' }) created_at: number;
  @ApiProperty({ description: 'Epoch seconds of its latest message' }) updated_at: number;
}

export class ConversationsListResponse {
  @ApiProperty() limit: number;
  @ApiProperty() has_more: boolean;
  @ApiProperty({ type: [ConversationListItem] }) data: ConversationListItem[];
}

export class ConversationMessageItem {
  @ApiProperty({ format: 'uuid', description: "The answer's message id (the pair's id, as chat-messages gave it)" }) id: string;
  @ApiProperty({ format: 'uuid' }) conversation_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The message this one follows (null: the first)' })
  parent_message_id: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) inputs: Record<string, unknown>;
  @ApiProperty() query: string;
  @ApiProperty({ description: "The answer ('' while it is being written or when none came)" }) answer: string;
  @ApiProperty({ example: 'normal' }) status: string;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ type: [MessageFileItem] }) message_files: MessageFileItem[];
  @ApiProperty({ nullable: true, type: 'object', properties: { rating: { type: 'string' } } }) feedback: { rating: string } | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) retriever_resources: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) agent_thoughts: unknown[];
  @ApiProperty({ description: 'Epoch seconds the query was sent' }) created_at: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) extra_contents: unknown[];
}

export class ConversationHistoryResponse {
  @ApiProperty() limit: number;
  @ApiProperty() has_more: boolean;
  @ApiProperty({ type: [ConversationMessageItem] }) data: ConversationMessageItem[];
}
