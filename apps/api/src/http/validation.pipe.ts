import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Rejects unknown fields and wrong types, naming the field: `content: must not be empty`. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: true,
  exceptionFactory: (errors: ValidationError[]) => new BadRequestException(flatten(errors).join('; ')),
});

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${field}: ${m}`);
    return [...own, ...flatten(e.children ?? [], `${field}.`)];
  });
}
