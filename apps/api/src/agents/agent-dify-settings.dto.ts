import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsOptional, IsString } from 'class-validator';
import { VARIABLE_VALUE_TYPES } from '@forkline/domain';

/** Settings of the agent as a Dify app (GET /v1/parameters shows them; the /v1 routes obey them). */

export class SuggestedAfterAnswerSetting {
  @ApiProperty({ description: 'GET /v1/messages/{id}/suggested asks the model for follow-up questions; off: 400 as Dify' })
  @IsBoolean()
  enabled: boolean;
}

export class ConversationVariableDto {
  @ApiProperty({ format: 'uuid', description: 'The id the /v1 variables routes name it by' })
  @IsString()
  id: string;

  @ApiProperty({ example: 'user_preference', description: 'Letters, digits, underscores; unique in the agent' })
  @IsString()
  name: string;

  @ApiProperty({ enum: VARIABLE_VALUE_TYPES })
  @IsString()
  value_type: string;

  @ApiPropertyOptional({ description: "The default, of value_type; absent: the type's empty value ('', 0, false, {}, [])" })
  @Allow()
  value?: unknown;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  description?: string;
}
