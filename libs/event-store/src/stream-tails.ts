import { DEFAULT_CACHED_THREADS, LruCache } from './lru-cache';

/**
 * What one SQLite connection knows of streams' ends: for each stream, a revision no event of it is beyond. The
 * knowledge holds while no other connection (another process, another store on the file) has committed, which
 * SQLite's `PRAGMA data_version` tells: it changes with every commit of another connection, never with this one's.
 * A forward read from past a known end then needs no query: a thread's folds ask "anything new?" several times a
 * turn, and in one process the answer is almost always no.
 */
export class StreamTails {
  /** `exact`: the stream's last event is at `end` (-1: it has none), as an append or a read to its end saw it. */
  private readonly ends: LruCache<string, { end: number; exact: boolean }>;
  private version: number | undefined;

  /** `dataVersion` reads the connection's data_version; `capacity` bounds the streams remembered. */
  constructor(
    private readonly dataVersion: () => number,
    capacity = DEFAULT_CACHED_THREADS,
  ) {
    this.ends = new LruCache(capacity);
  }

  /**
   * Call before reading or appending: forgets everything when another connection committed since. A commit made
   * after this call is seen by the next one; one made before it is in what the caller reads next.
   */
  refresh(): void {
    const version = this.dataVersion();
    if (version !== this.version) this.ends.clear();
    this.version = version;
  }

  /** Whether the stream surely has no event at `fromRevision` or later (as of the last refresh). */
  endsBefore(streamId: string, fromRevision: number): boolean {
    const known = this.ends.get(streamId);
    return known !== undefined && fromRevision > known.end;
  }

  /**
   * The stream's last revision (null: it has no event), if an append or a read to its end since the last refresh
   * saw it; undefined when not known. An append asks it under the write lock, sparing a query per append.
   */
  lastRevision(streamId: string): number | null | undefined {
    const known = this.ends.get(streamId);
    if (!known?.exact) return undefined;
    return known.end < 0 ? null : known.end;
  }

  /**
   * The stream has no event after `revision` (-1: none at all), as read or written since the last refresh;
   * `exact`: its last event is at `revision` (an append wrote it, or a read returned it as the last).
   */
  endsAt(streamId: string, revision: number, exact = false): void {
    this.ends.set(streamId, { end: revision, exact });
  }

  forget(streamId: string): void {
    this.ends.delete(streamId);
  }

  forgetAll(): void {
    this.ends.clear();
  }
}
