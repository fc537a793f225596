import { BadRequestException, PipeTransform } from '@nestjs/common';
import { Matches } from 'class-validator';

/** Ids are 1-128 characters of letters, digits and `._:-`, starting with a letter or digit. */
export const THREAD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const THREAD_ID_RULE = 'must be 1-128 characters of letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

/** The id rule on a DTO field (thread, workflow, message, file and checkpoint ids alike). */
export const IsId = () => Matches(THREAD_ID_PATTERN, { message: THREAD_ID_RULE });

/** Validates an id taken from the path or query before anything is looked up. */
export class ThreadIdPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'thread_id') {}

  transform(value: string): string {
    if (!THREAD_ID_PATTERN.test(value)) throw new BadRequestException(`${this.field}: ${THREAD_ID_RULE}`);
    return value;
  }
}
