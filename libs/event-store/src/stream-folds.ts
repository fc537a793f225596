import { EventStore, RecordedEvent } from './event-store.port';
import { LruCache } from './lru-cache';

/** Events read at once while folding a stream: a long stream is folded page by page, never held whole in memory. */
export const FOLD_PAGE_SIZE = 500;

/** A stream's folded value; `revision` is that of the last event folded into it (-1: none yet). */
export interface FoldedStream {
  revision: number;
}

/** Folds one page of events (in stream order) into the value; the revision is set by the caller. */
export type PageFold<F extends FoldedStream> = (folded: F, page: RecordedEvent[]) => Omit<F, 'revision'>;

export interface FoldOptions {
  /** The last revision to fold (inclusive); default: the stream's end. */
  toRevision?: number;
  pageSize?: number;
}

/** Folds what the stream holds after `from.revision`, in pages; returns `from` itself when nothing is newer. */
export async function foldStream<F extends FoldedStream>(
  store: EventStore,
  streamId: string,
  from: F,
  fold: PageFold<F>,
  { toRevision, pageSize = FOLD_PAGE_SIZE }: FoldOptions = {},
): Promise<F> {
  let folded = from;
  for (;;) {
    const limit = toRevision === undefined ? pageSize : Math.min(pageSize, toRevision - folded.revision);
    if (limit <= 0) return folded;
    const page = await store.readStream(streamId, { fromRevision: folded.revision + 1, limit });
    if (page.length > 0) folded = { ...fold(folded, page), revision: page[page.length - 1].revision } as F;
    if (page.length < limit) return folded;
  }
}

/**
 * Folded streams, the most recently used kept in memory: a load reads only what was appended after the
 * cached revision (by this process or another), so an aggregate is read whole once, then in increments.
 */
export class StreamFolds<F extends FoldedStream> {
  private readonly cache: LruCache<string, F>;

  constructor(
    private readonly store: EventStore,
    capacity: number,
    private readonly initial: () => F,
    private readonly fold: PageFold<F>,
    private readonly pageSize = FOLD_PAGE_SIZE,
  ) {
    this.cache = new LruCache(capacity);
  }

  async load(streamId: string): Promise<F> {
    const cached = this.cache.get(streamId) ?? this.initial();
    const fresh = await foldStream(this.store, streamId, cached, this.fold, { pageSize: this.pageSize });
    if (fresh !== cached) this.cache.set(streamId, fresh);
    return fresh;
  }

  /** What the writer folded itself after its append, so the next load reads nothing back. */
  set(streamId: string, folded: F): void {
    this.cache.set(streamId, folded);
  }

  /** Forgets the stream: the next load folds it from the start. */
  delete(streamId: string): void {
    this.cache.delete(streamId);
  }
}
