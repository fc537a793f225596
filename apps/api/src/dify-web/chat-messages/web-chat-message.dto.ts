import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ChatMessageRequest } from '../../http/dify/chat-messages/chat-message.dto';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

/**
 * POST /api/chat-messages (the seed's ChatMessagePayload): the service face's request without `user` (the passport
 * names the end user; a `user` sent anyway is ignored, as are other unknown fields) and without auto_generate_name
 * (Dify's web apps start a conversation as "New conversation" and name it with POST /conversations/{id}/name).
 */
@IgnoresUnknownFields()
export class WebChatMessageRequest extends OmitType(ChatMessageRequest, ['user', 'auto_generate_name', 'inputs'] as const) {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {},
    description: "The app's input variables (required, as the seed)",
  })
  @IsObject({ message: 'must be an object' })
  @IsDefined({ message: 'must be provided' })
  inputs: Record<string, unknown>;

  @ApiPropertyOptional({ description: "Where the retrieval came from (Dify's web app sends `web_app`); ignored" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  retriever_from?: string;
}
