import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { IsId } from '../../http/id.pipe';

export class LogsQuery {
  @IsOptional()
  @IsId()
  logId?: string;
}

export class MessagesQuery {
  @IsOptional()
  @IsId()
  messageId?: string;
}

export class ChatDataQuery {
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number (Unix time in seconds)' })
  @Min(0)
  @Max(253402300799, { message: 'must be a Unix time in seconds before the year 10000' })
  afterTimestamp?: number;
}
