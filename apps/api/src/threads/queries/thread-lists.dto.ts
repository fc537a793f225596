import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsId } from '../../http/id.pipe';
import { PageLimit } from '../../http/pagination';

export class ThreadMessagesRequest extends PageLimit {
  @ApiPropertyOptional({ description: 'Only messages up to and including this checkpoint' })
  @IsOptional()
  @IsId()
  checkpoint_id?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Only messages after this event number (the last event_number of the previous page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  after?: number;
}
