import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadataCache } from './route-metadata-cache';

const MARK = 'test:mark';

@SetMetadata(MARK, 'class')
class Marked {
  @SetMetadata(MARK, 'handler')
  own(): void {}
  inherited(): void {}
}

class Unmarked {
  plain(): void {}
}

describe('RouteMetadataCache', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers what Reflector answers: the handler over the controller, undefined when neither has it', () => {
    const cache = new RouteMetadataCache();
    const plain = new Reflector();
    for (const targets of [
      [Marked.prototype.own, Marked],
      [Marked.prototype.inherited, Marked],
      [Unmarked.prototype.plain, Unmarked],
    ]) {
      expect(cache.getAllAndOverride(MARK, targets)).toBe(plain.getAllAndOverride(MARK, targets));
      expect(cache.getAllAndOverride(MARK, targets)).toBe(plain.getAllAndOverride(MARK, targets));
    }
    expect(cache.getAllAndOverride(MARK, [Marked.prototype.own, Marked])).toBe('handler');
    expect(cache.getAllAndOverride(MARK, [Marked.prototype.inherited, Marked])).toBe('class');
  });

  it('reads the metadata of a route once, a missing key included', () => {
    const reads = jest.spyOn(Reflect, 'getMetadata');
    const ask = (reflector: Reflector) => {
      expect(reflector.getAllAndOverride(MARK, [Marked.prototype.own, Marked])).toBe('handler');
      expect(reflector.getAllAndOverride('test:absent', [Marked.prototype.own, Marked])).toBeUndefined();
    };
    ask(new Reflector());
    const once = reads.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    reads.mockClear();
    const cache = new RouteMetadataCache();
    for (let i = 0; i < 3; i++) ask(cache);
    expect(reads).toHaveBeenCalledTimes(once);
  });

  it('keeps the same handler apart under two controllers', () => {
    class Base {
      shared(): void {}
    }
    @SetMetadata(MARK, 'child')
    class Child extends Base {}
    const cache = new RouteMetadataCache();
    expect(cache.getAllAndOverride(MARK, [Base.prototype.shared, Base])).toBeUndefined();
    expect(cache.getAllAndOverride(MARK, [Base.prototype.shared, Child])).toBe('child');
  });
});
