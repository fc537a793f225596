import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsId } from '../../http/id.pipe';

export class ThreadStateRequest {
  @IsOptional()
  @IsId()
  checkpoint_id?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  event_number?: number;
}
