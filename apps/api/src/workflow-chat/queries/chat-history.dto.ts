import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class ChatHistoryQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, description: 'Max messages to return' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 100' })
  @Max(100, { message: 'must be between 1 and 100' })
  limit?: number;

  @ApiPropertyOptional({
    example: '2025-01-15T10:30:00.123Z',
    description: 'ISO datetime: only messages before this time (pass the oldest timestamp of a page to get the page before it)',
  })
  @IsOptional()
  @IsString()
  before?: string;
}

export class ChatHistoryMessage {
  @ApiProperty({ enum: ['user', 'assistant'] }) role: 'user' | 'assistant';
  @ApiProperty() text: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2025-01-15T10:30:00.123Z',
    description: 'When the message was recorded (UTC, milliseconds); unique and increasing within a conversation',
  })
  timestamp: string | null;
}

export class ChatHistoryOut {
  @ApiProperty({ type: [ChatHistoryMessage], description: 'Oldest first' }) messages: ChatHistoryMessage[];
  @ApiProperty({ example: 'f3b1…:8c2d…', description: '{user_id}:{workflow_id} (the Forkline thread behind it is derived from both)' })
  thread_id: string;
  @ApiProperty({ description: 'Whether older messages exist beyond this page' }) has_more: boolean;
}
