import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { memoizeValidationMetadata } from './validation-metadata-memo';

memoizeValidationMetadata();

const IGNORES_UNKNOWN_FIELDS = 'forkline:ignoresUnknownFields';

/**
 * Marks a request DTO whose unknown fields are dropped instead of refused: Dify's clients send stray ones
 * (`files: null`, `first_id`, `pinned`) and Dify ignores them, so its face must too.
 */
export const IgnoresUnknownFields = (): ClassDecorator => (target) => Reflect.defineMetadata(IGNORES_UNKNOWN_FIELDS, true, target);

const options: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: true,
  exceptionFactory: (errors: ValidationError[]) => new BadRequestException(flatten(errors).join('; ')),
};

/** Rejects unknown fields (but on DTOs marked IgnoresUnknownFields) and wrong types, naming the field: `content: must not be empty`. */
class FieldValidationPipe extends ValidationPipe {
  private readonly lenient = new ValidationPipe({ ...options, forbidNonWhitelisted: false });
  // Whether a type ignores unknown fields is fixed once its decorators have run: asked once per type, not per request.
  private readonly ignoresUnknown = new WeakMap<object, boolean>();

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (type && this.ignoresUnknownFields(type)) return this.lenient.transform(value, metadata);
    return super.transform(value, metadata);
  }

  private ignoresUnknownFields(type: object): boolean {
    let ignores = this.ignoresUnknown.get(type);
    if (ignores === undefined) this.ignoresUnknown.set(type, (ignores = Reflect.getMetadata(IGNORES_UNKNOWN_FIELDS, type) === true));
    return ignores;
  }
}

export const validationPipe = new FieldValidationPipe(options);

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${field}: ${m}`);
    return [...own, ...flatten(e.children ?? [], `${field}.`)];
  });
}
