import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../http/limits';

export class ChatMessageIn {
  @ApiProperty({ example: 'Hello, I need help with my order', maxLength: MAX_MESSAGE_LENGTH })
  // class-validator checks the decorators bottom-up (and stops at the first error): the type first.
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_MESSAGE_LENGTH, { message: `must be at most ${MAX_MESSAGE_LENGTH} characters` })
  @IsString({ message: 'must be a string' })
  text: string;

  @ApiPropertyOptional({ description: "A chat trigger's node_id; absent or null: the workflow's first trigger_chat", nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  trigger_node_id?: string | null;
}

export class ChatMessageOut {
  @ApiProperty({ example: 'abc12345-def6-7890-abcd-ef1234567890', description: 'The run that answers the message (a UUID)' })
  execution_id: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
  @ApiProperty({ example: '', description: 'Always empty: the answer arrives on the WebSocket (or in the history)' }) response: '';
}
