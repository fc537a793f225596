import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { THREAD_ID_PATTERN, THREAD_ID_RULE } from '../thread-id';

export class ThreadStateRequest {
  @IsOptional()
  @Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE })
  checkpoint_id?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  event_number?: number;
}
