import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches } from 'class-validator';
import { THREAD_ID_PATTERN, THREAD_ID_RULE } from '../thread-id';

export class ForkThreadRequest {
  @ApiProperty({ example: 'my-new-thread' })
  @IsString()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  source_thread_id: string;

  @ApiProperty({ description: 'Event number in the source to fork at (0..head)', example: 1 })
  @IsInt({ message: 'must be an integer' })
  event_number: number;
}

export class ForkThreadResponse {
  @ApiProperty() new_thread_id: string;
}
