import { QueryOptions } from './read-model.schema';
import { CheckpointView, MessageView, ReadStore, ThreadView } from './read-store.port';

/** One stretch of a thread's history: the events of `threadId` with event numbers <= upTo (and > after, when set). */
export interface Segment {
  threadId: string;
  upTo: number;
  /** Event numbers of this thread's own HistoryCleared events; those past `upTo` do not count. */
  clears?: number[];
  /**
   * The latest clear of the whole history (every segment's, each up to its `upTo`): nothing at or before it is
   * history any more. Set by `segments` and `cut`, never by hand.
   */
  after?: number;
}

/**
 * A thread's history as the read models hold it: a fork stores only its own rows, so its history
 * is its sources' segments (each up to the fork point below it) followed by its own. This is the
 * reader for client queries and the agent's context; what must match the log exactly (deciding,
 * auditing) reads ThreadLineage instead (README, "Layout").
 */
export class ThreadHistory {
  constructor(private readonly readStore: ReadStore) {}

  /** The thread when it exists and belongs to the user; null otherwise, so another user's thread reads exactly like a missing one. */
  async ownedThread(userId: string, threadId: string): Promise<ThreadView | null> {
    const thread = await this.readStore.getThread(threadId);
    return thread && thread.owner_id === userId ? thread : null;
  }

  /** Oldest ancestor first, bounded below by the latest clear of the history; null when the thread (or an ancestor) is unknown. */
  async segments(thread: ThreadView): Promise<Segment[] | null> {
    const segments: Segment[] = [{ threadId: thread.thread_id, upTo: Number.MAX_SAFE_INTEGER }];
    let current = thread;
    while (current.parent_thread_id !== null) {
      const upTo = Math.min(current.from_event_number!, segments[0].upTo);
      const parent = await this.readStore.getThread(current.parent_thread_id);
      if (!parent) return null;
      segments.unshift({ threadId: parent.thread_id, upTo });
      current = parent;
    }
    const clears = await Promise.all(
      segments.map((s) => this.readStore.query('history_clears', { thread_id: s.threadId }, { columns: ['event_number'] as const })),
    );
    return bounded(segments.map((s, i) => ({ ...s, clears: clears[i].map((c) => c.event_number) })));
  }

  /** Messages of the segments in order (those after the history's latest clear); with `last`, only the newest `last` of them. */
  async messages(segments: Segment[], last?: number): Promise<MessageView[]> {
    const live = visible(segments);
    if (last === undefined) {
      return (await Promise.all(live.map(async (s) => afterClear(s, await this.readStore.listMessages(s.threadId, s.upTo))))).flat();
    }
    const newestFirst: MessageView[][] = [];
    let wanted = last;
    for (const s of [...live].reverse()) {
      if (wanted <= 0) break;
      // The newest rows first: any at or before the clear means no older one is history either.
      const part = afterClear(s, await this.readStore.listMessages(s.threadId, s.upTo, wanted));
      newestFirst.push(part);
      wanted -= part.length;
    }
    return newestFirst.reverse().flat();
  }

  /** The event number of a checkpoint that belongs to this history (a source's, up to the fork point, counts); null otherwise. */
  async checkpointEventNumber(segments: Segment[], checkpointId: string): Promise<number | null> {
    const checkpoint = await this.readStore.getCheckpoint(checkpointId);
    const segment = segments.find((s) => s.threadId === checkpoint?.thread_id);
    const eventNumber = checkpoint?.event_number;
    return segment && eventNumber !== null && eventNumber !== undefined && eventNumber <= segment.upTo ? eventNumber : null;
  }

  /**
   * The newest checkpoint of the history, the thread's own first, then its sources' up to their fork points; none
   * from before the history's latest clear (a run never resumes the memory of a cleared conversation).
   */
  async latestCheckpoint(segments: Segment[]): Promise<CheckpointView | null> {
    for (const s of [...visible(segments)].reverse()) {
      const found = await this.readStore.latestCheckpoint(s.threadId, s.upTo);
      if (found) return s.after !== undefined && (found.event_number ?? -1) <= s.after ? null : found;
    }
    return null;
  }

  /** Messages of a thread up to an event number (inherited ones included), newest `last` only if given. */
  async messagesOf(threadId: string, upTo: number, last?: number): Promise<MessageView[]> {
    const segments = await this.at(threadId, upTo);
    return segments ? this.messages(segments, last) : [];
  }

  /** The segments of a thread's history as it was at an event number; null when the thread (or an ancestor) is unknown. */
  async at(threadId: string, upTo: number): Promise<Segment[] | null> {
    return (await this.threadAt(threadId, upTo)).segments;
  }

  /** The thread's row with those segments (for a caller that needs both: one read of the row). */
  async threadAt(threadId: string, upTo: number): Promise<{ thread: ThreadView | null; segments: Segment[] | null }> {
    const thread = await this.readStore.getThread(threadId);
    const segments = thread && (await this.segments(thread));
    return { thread, segments: segments && cut(segments, upTo) };
  }

  /** Messages of the segments with event numbers above `after`, in order: what a history holds past a point already read. */
  async messagesAfter(segments: Segment[], after: number): Promise<MessageView[]> {
    const parts = visible(segments)
      .filter((s) => s.upTo > after)
      .map((s) =>
        this.readStore.query('messages', { thread_id: s.threadId }, inSegment(s, { after: { column: 'event_number', value: after } })),
      );
    return (await Promise.all(parts)).flat() as MessageView[];
  }

  /** How many messages the segments hold up to an event number, counted by the store (no row is read out). */
  async countUpTo(segments: Segment[], upTo: number): Promise<number> {
    const counts = visible(segments)
      .filter((s) => Math.min(s.upTo, upTo) > (s.after ?? -1))
      .map((s) => this.readStore.countMessages(s.threadId, s.after ?? -1, Math.min(s.upTo, upTo)));
    return (await Promise.all(counts)).reduce((a, b) => a + b, 0);
  }
}

/**
 * Query options for a segment's rows in event order, up to its fork point and after the history's latest clear (what
 * `query` needs to read one segment). A caller's own `after` on another column than event_number is kept: filter
 * the rows with `afterClear` then.
 */
export const inSegment = <O extends QueryOptions>(s: Segment, options: O) => ({
  ...options,
  orderBy: 'event_number',
  upTo: { column: 'event_number', value: s.upTo },
  after: lowerBound(s, options.after),
});

function lowerBound(s: Segment, after: QueryOptions['after']): QueryOptions['after'] {
  if (s.after === undefined) return after;
  if (after === undefined) return { column: 'event_number', value: s.after };
  return after.column === 'event_number' ? { column: 'event_number', value: Math.max(Number(after.value), s.after) } : after;
}

/** The rows of a segment that are history: those after the latest clear. */
export const afterClear = <R extends { event_number: number }>(s: Segment, rows: R[]): R[] =>
  s.after === undefined ? rows : rows.filter((r) => r.event_number > s.after!);

/** The segments that hold any history (those ending after the latest clear). */
export const visible = (segments: Segment[]): Segment[] => segments.filter((s) => s.after === undefined || s.upTo > s.after);

/**
 * Sets every segment's `after` to the latest clear among them (a clear counts in a segment up to its `upTo`: a fork
 * at N keeps its source's clears at or before N, not later ones).
 */
export function bounded(segments: Segment[]): Segment[] {
  const counted = segments.flatMap((s) => (s.clears ?? []).filter((c) => c <= s.upTo));
  const after = counted.length > 0 ? Math.max(...counted) : undefined;
  return segments.map(({ after: _, ...s }) => (after === undefined ? s : { ...s, after }));
}

/** The segments restricted to event numbers <= upTo: the history as it was at that event (clears after it do not count). */
export const cut = (segments: Segment[], upTo: number): Segment[] => bounded(segments.map((s) => ({ ...s, upTo: Math.min(s.upTo, upTo) })));
