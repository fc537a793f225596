import { IsOptional, IsString, Matches } from 'class-validator';
import { THREAD_ID_PATTERN, THREAD_ID_RULE } from '../thread-id';

export class CreateThreadRequest {
  @IsOptional()
  @IsString()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  thread_id?: string;
}

export interface CreateThreadResponse {
  thread_id: string;
  event_id: string;
}
