import { IsString, Matches, MaxLength } from 'class-validator';
import { THREAD_ID_PATTERN, THREAD_ID_RULE } from '../thread-id';

export const MAX_MESSAGE_LENGTH = 100_000;

export class SendMessageRequest {
  @IsString()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  thread_id: string;

  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_MESSAGE_LENGTH, { message: `must be at most ${MAX_MESSAGE_LENGTH} characters` })
  content: string;
}

export interface SendMessageResponse {
  thread_id: string;
  event_id: string;
}
