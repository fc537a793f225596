import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('keeps the most recently used entries up to its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now newer than b
    cache.set('c', 3);
    expect([...cache.keys()]).toEqual(['a', 'c']);
    expect([cache.has('b'), cache.get('b'), cache.size]).toEqual([false, undefined, 2]);
    cache.set('a', 10); // an update is a use
    cache.set('d', 4);
    expect([...cache.keys()]).toEqual(['a', 'd']);
    expect(cache.get('a')).toBe(10);
  });

  it('keeps a stored undefined apart from an absent key, deletes and clears', () => {
    const cache = new LruCache<string, unknown>(3);
    cache.set('u', undefined);
    expect([cache.has('u'), cache.has('x')]).toEqual([true, false]);
    cache.set('w', 2);
    expect(cache.get('u')).toBeUndefined(); // a use: u is now newer than w
    expect([...cache.keys()]).toEqual(['w', 'u']);
    expect(cache.delete('u')).toBe(true);
    cache.set('v', 1);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('with weights, keeps the most recently used entries whose weights fit the capacity, and always the newest', () => {
    const cache = new LruCache<string, number[]>(10, (items) => items.length);
    cache.set('a', [1, 2, 3]).set('b', [1, 2, 3, 4]).set('c', [1, 2]);
    expect([cache.size, cache.weight]).toEqual([3, 9]);
    cache.get('a'); // a is now newer than b
    cache.set('d', [1, 2, 3]); // 12 past 10: b goes (the oldest), not a
    expect([[...cache.keys()], cache.weight]).toEqual([['c', 'a', 'd'], 8]);
    cache.set('a', [1]); // an update replaces the weight it had
    expect([[...cache.keys()], cache.weight]).toEqual([['c', 'd', 'a'], 6]);
    cache.set(
      'huge',
      Array.from({ length: 25 }, () => 0),
    ); // heavier than the capacity: kept alone
    expect([[...cache.keys()], cache.weight]).toEqual([['huge'], 25]);
    cache.set('e', [1]);
    expect([[...cache.keys()], cache.weight]).toEqual([['e'], 1]);
    expect(cache.delete('e')).toBe(true);
    cache.set('f', [1, 2]).clear();
    expect([cache.size, cache.weight]).toEqual([0, 0]);
  });

  it('with weights and `maxEntries`, keeps no more entries than that either', () => {
    const cache = new LruCache<string, number[]>(100, (items) => items.length, 2);
    cache.set('a', [1]).set('b', [1]).set('c', [1]);
    expect([[...cache.keys()], cache.weight]).toEqual([['b', 'c'], 2]);
    expect(() => new LruCache(10, undefined, 0)).toThrow(/at least 1 entry/);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new LruCache(0)).toThrow(/at least 1/);
  });
});
