import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches } from 'class-validator';
import { THREAD_ID_PATTERN, THREAD_ID_RULE } from '../thread-id';

export class ForkThreadRequest {
  @ApiProperty({ example: 'my-new-thread' })
  @IsString()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  source_thread_id: string;

  @ApiPropertyOptional({ description: 'Event number in the source to fork at (0..head); or give checkpoint_id', example: 1 })
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  event_number?: number;

  @ApiPropertyOptional({ description: 'Fork at the event number of this LangGraph checkpoint of the source, instead of event_number' })
  @IsOptional()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  checkpoint_id?: string;
}

export class ForkThreadResponse {
  @ApiProperty() new_thread_id: string;
}
