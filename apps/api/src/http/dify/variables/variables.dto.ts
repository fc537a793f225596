import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { VARIABLE_VALUE_TYPES } from '@forkline/domain';
import { IgnoresUnknownFields } from '../../validation.pipe';
import { DifyLimit } from '../dify-paging';

const USER = { example: 'abc-123', description: 'The end user whose conversation it is' };

@IgnoresUnknownFields()
export class VariablesQuery {
  @ApiPropertyOptional(USER) @IsOptional() @IsString() @MaxLength(255) user?: string;

  @ApiPropertyOptional({ description: 'The last variable of the previous page: the page after it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  last_id?: string;

  @DifyLimit() limit: number = 20;

  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'Only the variable of this name' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  variable_name?: string;
}

/** The seed's ConversationVariableUpdateRequest: `value` of the variable's type. */
@IgnoresUnknownFields()
export class UpdateVariableRequest {
  @ApiProperty({ description: "The new value: of the variable's value_type (a mismatch is 400 `bad_request`)", example: 'new value' })
  @Allow()
  value: unknown;

  @ApiPropertyOptional(USER) @IsOptional() @IsString() @MaxLength(255) user?: string;
}

/** The seed's ConversationVariableItem. */
export class ConversationVariableItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: VARIABLE_VALUE_TYPES }) value_type: string;
  @ApiProperty({ description: 'The value in this conversation (its default until set): a string as is, any other type as JSON' })
  value: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'Epoch seconds: when the conversation began' }) created_at: number;
  @ApiProperty({ description: 'Epoch seconds of its latest update (its creation while it has its default)' }) updated_at: number;
}

export class ConversationVariablesResponse {
  @ApiProperty() limit: number;
  @ApiProperty() has_more: boolean;
  @ApiProperty({ type: [ConversationVariableItem] }) data: ConversationVariableItem[];
}
