import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * A paging number as Dify's routes take it: an integer from 1 to `max`. Registered in the order the pipe checks them (the
 * integer check first, so `abc` is "must be an integer"); the messages leave the field out, which the pipe puts in front.
 */
function paging(max: number, byDefault: number): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ minimum: 1, maximum: max, default: byDefault })(target, key);
    Type(() => Number)(target, key);
    IsInt({ message: 'must be an integer' })(target, key);
    Min(1, { message: 'must not be less than 1' })(target, key);
    Max(max, { message: `must not be greater than ${max}` })(target, key);
  };
}

/** `limit`: 1 to `max` (100 on most of Dify's routes), default 20. */
export const DifyLimit = (max = 100) => paging(max, 20);

/** `page`: 1 to `max`, default 1. */
export const DifyPage = (max = 99_999) => paging(max, 1);
