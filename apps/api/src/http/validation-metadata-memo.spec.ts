import { IsInt, IsOptional, IsString, MaxLength, MetadataStorage, registerDecorator, validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { memoizeValidationMetadata } from './validation-metadata-memo';

class Base {
  @IsString() name: string;
}
class Child extends Base {
  @IsInt() count: number;
  @IsOptional() @MaxLength(3) tag?: string;
}

const messages = async (type: new () => object, plain: object) =>
  (await validate(plainToInstance(type, plain), { whitelist: true, forbidNonWhitelisted: true })).flatMap((e) =>
    Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`),
  );

describe('memoizeValidationMetadata', () => {
  afterEach(() => jest.restoreAllMocks());

  it('validates as before: own and inherited rules, unknown fields refused', async () => {
    memoizeValidationMetadata();
    expect(await messages(Child, { name: 'a', count: 1 })).toEqual([]);
    expect(await messages(Child, { name: 1, count: 'x', tag: 'long', extra: true }).then((m) => m.sort())).toEqual(
      ['count:isInt', 'extra:whitelistValidation', 'name:isString', 'tag:maxLength'].sort(),
    );
    expect(await messages(Base, { name: 'a', count: 1 })).toEqual(['count:whitelistValidation']);
  });

  it("finds a class's rules once, then answers from the memo", async () => {
    const storage = new MetadataStorage();
    const walk = jest.spyOn(storage, 'getTargetValidationMetadatas');
    memoizeValidationMetadata(storage);
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(walk).toHaveBeenCalledTimes(1);
    storage.getTargetValidationMetadatas(Child, '', true, false);
    expect(walk).toHaveBeenCalledTimes(2);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });

  it('drops its answers when a rule is added, so a later decorator counts', async () => {
    memoizeValidationMetadata();
    class Late {
      @IsString() a: string;
      b: string;
    }
    expect(await messages(Late, { a: 'x', b: 7 })).toEqual(['b:whitelistValidation']);
    registerDecorator({ name: 'isSeven', target: Late, propertyName: 'b', validator: { validate: (v: unknown) => v === 7 } });
    expect(await messages(Late, { a: 'x', b: 7 })).toEqual([]);
    expect(await messages(Late, { a: 'x', b: 8 })).toEqual(['b:isSeven']);
  });
});
