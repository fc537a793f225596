/**
 * A map that keeps its most recently used entries up to `capacity`: caches that grow per thread stay bounded. Without
 * `weigh` the capacity counts entries; with it, it bounds the sum of the entries' weights (say, the bytes a value keeps
 * alive), so a cache of values that grow with their threads stays bounded too. The newest entry is kept even when it
 * alone weighs more: it is what is being used.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  /** Each entry's weight when weighed (kept apart: a hit only moves the entry in `entries`). */
  private readonly weights = new Map<K, number>();
  private weighed = 0;

  /** `maxEntries`: with `weigh`, a bound on the number of entries as well. */
  constructor(
    readonly capacity: number,
    private readonly weigh?: (value: V) => number,
    private readonly maxEntries = Infinity,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`an LRU cache needs a capacity of at least 1, got ${capacity}`);
    if (maxEntries < 1) throw new Error(`an LRU cache needs room for at least 1 entry, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the entries weigh together: their number, unless weighed. */
  get weight(): number {
    return this.weigh ? this.weighed : this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The entry, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    // A hit is found with one lookup, not has() then get() (streams' ends and folds are asked for several times a turn);
    // has() only tells an absent key from a stored undefined.
    if (value === undefined && !this.entries.has(key)) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value as V);
    return value;
  }

  /** Stores the entry as the most recently used, evicting the least recently used past the capacity. */
  set(key: K, value: V): this {
    this.delete(key);
    this.entries.set(key, value);
    if (this.weigh) {
      const weight = this.weigh(value);
      this.weights.set(key, weight);
      this.weighed += weight;
    }
    while ((this.weight > this.capacity || this.entries.size > this.maxEntries) && this.entries.size > 1)
      this.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    const weight = this.weights.get(key);
    if (weight !== undefined) {
      this.weighed -= weight;
      this.weights.delete(key);
    }
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.weights.clear();
    this.weighed = 0;
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}

/** How many threads each per-thread cache keeps by default (folded states, lineage origins, checkpoint indexes). */
export const DEFAULT_CACHED_THREADS = 10_000;
