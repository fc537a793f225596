import { BadRequestException, PipeTransform } from '@nestjs/common';
import { Matches } from 'class-validator';

/** Ids are 1-128 characters of letters, digits and `._:-`, starting with a letter or digit. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ID_RULE = 'must be 1-128 characters of letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

/** The id rule on a DTO field (thread, workflow, message, file and checkpoint ids alike). */
export const IsId = () => Matches(ID_PATTERN, { message: ID_RULE });

/** Validates an id taken from the path or query before anything is looked up; the error names `field`. */
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw new BadRequestException(`${this.field}: ${ID_RULE}`);
    return value;
  }
}
