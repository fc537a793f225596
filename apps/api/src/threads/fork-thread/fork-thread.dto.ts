import { IsInt, IsString, Matches } from 'class-validator';
import { THREAD_ID_PATTERN, THREAD_ID_RULE } from '../thread-id';

export class ForkThreadRequest {
  @IsString()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  source_thread_id: string;

  @IsInt({ message: 'must be an integer' })
  event_number: number;
}

export interface ForkThreadResponse {
  new_thread_id: string;
}
