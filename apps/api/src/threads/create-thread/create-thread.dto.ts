import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { THREAD_ID_PATTERN, THREAD_ID_RULE } from '../thread-id';

export class CreateThreadRequest {
  @ApiPropertyOptional({ description: 'Client-chosen id; generated when omitted', example: 'my-new-thread' })
  @IsOptional()
  @IsString()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  thread_id?: string;
}

export class CreateThreadResponse {
  @ApiProperty() thread_id: string;
  @ApiProperty({ description: 'Id of the ThreadCreated event' }) event_id: string;
}
