import { RowOf } from '@forkline/read-models';

/** One checkpoint of a LangGraph thread as its clients see it. */
export interface TreeNode {
  checkpointId: string;
  /** The Forkline thread whose checkpoint stream holds it (a branch fork, the thread itself, or a source of a copy). */
  streamThreadId: string;
  /** Its parent as clients see it: a branch's first checkpoint's parent is the checkpoint it branched at. */
  parentId: string | null;
}

export type LinkRow = RowOf<'checkpoint_links'>;

/**
 * A checkpoint stream of a LangGraph thread: a family thread's own (the thread, its branch forks), or, with `upTo`, a
 * source of a copy, whose checkpoints count up to the copy point only (ids kept).
 */
export interface TreeStream {
  threadId: string;
  upTo?: number;
}

/** A stream's rows, newest first: `limit` of those with ids at most `atMost` (all when null). */
export type RowsOf = (threadId: string, atMost: string | null, limit: number) => Promise<LinkRow[]>;
/** One row by its stream and id; null when the stream has no such checkpoint. */
export type LinkOf = (threadId: string, checkpointId: string) => Promise<LinkRow | null>;

const MAX_CHUNK = 1000;

/**
 * Every checkpoint of a LangGraph thread older than `before`, all branches, newest first (ids are uuid6: their string
 * order is their time order), read as pages of each stream's rows: a page costs what it holds, not where it starts.
 * A fork's first checkpoint (CheckpointForked) only stands for its source's: it is left out (see visibleParent).
 * `limit` sizes the first read of each stream; a caller that needs more (filters) just goes on.
 */
export async function* newestFirst(streams: TreeStream[], before: string | null, limit: number, rowsOf: RowsOf): AsyncGenerator<LinkRow> {
  const cursors = streams.map((s) => new StreamCursor(s, before, Math.max(1, limit), rowsOf));
  const seen = new Set<string>();
  for (;;) {
    let best: StreamCursor | null = null;
    let row: LinkRow | null = null;
    for (const cursor of cursors) {
      const head = await cursor.head();
      // On equal ids the earlier stream wins (a copy's sources come first, as their checkpoints are the older).
      if (head && (row === null || head.checkpoint_id > row.checkpoint_id)) [best, row] = [cursor, head];
    }
    if (best === null || row === null) return;
    best.take();
    if (seen.has(row.checkpoint_id)) continue;
    seen.add(row.checkpoint_id);
    yield row;
  }
}

/** The parent clients see: a fork checkpoint's, its source's (through any number of forks). */
export async function visibleParent(row: LinkRow, linkOf: LinkOf): Promise<string | null> {
  return row.parent_checkpoint_id === null ? null : visibleId(row.thread_id, row.parent_checkpoint_id, linkOf);
}

/** What a stored checkpoint id stands for: a fork's first checkpoint, its source's (through any number of forks). */
export async function visibleId(threadId: string, checkpointId: string, linkOf: LinkOf): Promise<string> {
  let at = { threadId, checkpointId };
  for (let hops = 0; hops < 1000; hops++) {
    const link = await linkOf(at.threadId, at.checkpointId);
    if (link?.source_thread_id == null || link.source_checkpoint_id === null) return at.checkpointId;
    at = { threadId: link.source_thread_id, checkpointId: link.source_checkpoint_id };
  }
  return at.checkpointId;
}

/** The row of one of the streams holding a checkpoint clients may name (no fork checkpoint, none past a copy point). */
export async function findRow(streams: TreeStream[], checkpointId: string, linkOf: LinkOf): Promise<LinkRow | null> {
  for (const stream of streams) {
    const row = await linkOf(stream.threadId, checkpointId);
    if (row && counts(stream, row)) return row;
  }
  return null;
}

export const toNode = async (row: LinkRow, linkOf: LinkOf): Promise<TreeNode> => ({
  checkpointId: row.checkpoint_id,
  streamThreadId: row.thread_id,
  parentId: await visibleParent(row, linkOf),
});

const counts = (stream: TreeStream, row: LinkRow) =>
  row.source_checkpoint_id === null && (stream.upTo === undefined || (row.event_number !== null && row.event_number <= stream.upTo));

/** One stream's rows, read a chunk at a time (each chunk twice the last), only those that count. */
class StreamCursor {
  private rows: LinkRow[] = [];
  private next = 0;
  private done = false;

  constructor(
    private readonly stream: TreeStream,
    /** Only ids below it are wanted (null: all). */
    private below: string | null,
    private chunk: number,
    private readonly rowsOf: RowsOf,
  ) {}

  async head(): Promise<LinkRow | null> {
    while (this.next >= this.rows.length && !this.done) {
      const fetched = await this.rowsOf(this.stream.threadId, this.below, this.chunk);
      this.done = fetched.length < this.chunk;
      const below = this.below;
      this.rows = fetched.filter((r) => (below === null || r.checkpoint_id < below) && counts(this.stream, r));
      this.next = 0;
      if (fetched.length > 0) this.below = fetched[fetched.length - 1].checkpoint_id;
      this.chunk = Math.min(this.chunk * 2, MAX_CHUNK);
    }
    return this.rows[this.next] ?? null;
  }

  take(): void {
    this.next++;
  }
}
