import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  ConversationMessageItem,
  ConversationsQuery,
  MessagesQuery,
  RenameConversationRequest,
} from '../../http/dify/conversations/conversation.dto';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

/** GET /api/conversations (the seed's ConversationListQuery): the passport's end user's; `pinned` filters. */
@IgnoresUnknownFields()
export class WebConversationsQuery extends OmitType(ConversationsQuery, ['user'] as const) {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only the pinned conversations; false: only the others; absent: all' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be "true" or "false"' })
  pinned?: 'true' | 'false';
}

/** POST /api/conversations/{id}/name (the seed's ConversationRenamePayload). */
@IgnoresUnknownFields()
export class WebRenameConversationRequest extends OmitType(RenameConversationRequest, ['user'] as const) {}

/** GET /api/messages. */
@IgnoresUnknownFields()
export class WebMessagesQuery extends OmitType(MessagesQuery, ['user'] as const) {}

/** A message as the web API lists it: the service API's item and its metadata (Dify's WebMessageListItem). */
export class WebMessageItem extends ConversationMessageItem {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { retriever_resources: [] },
    description: "The answer's metadata (Forkline retrieves nothing: no retriever resources)",
  })
  metadata: Record<string, unknown>;
}

export class WebMessagesResponse {
  @ApiProperty() limit: number;
  @ApiProperty() has_more: boolean;
  @ApiProperty({ type: [WebMessageItem] }) data: WebMessageItem[];
}
