import { QueryOptions } from './read-model.schema';
import { CheckpointView, MessageView, ReadStore, ThreadView } from './read-store.port';

/** One stretch of a thread's history: the events of `threadId` with event numbers <= upTo. */
export interface Segment {
  threadId: string;
  upTo: number;
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

  /** Oldest ancestor first; null when the thread (or an ancestor) is unknown. */
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
    return segments;
  }

  /** Messages of the segments in order; with `last`, only the newest `last` of them. */
  async messages(segments: Segment[], last?: number): Promise<MessageView[]> {
    if (last === undefined) {
      return (await Promise.all(segments.map((s) => this.readStore.listMessages(s.threadId, s.upTo)))).flat();
    }
    const newestFirst: MessageView[][] = [];
    let wanted = last;
    for (const s of [...segments].reverse()) {
      if (wanted <= 0) break;
      const part = await this.readStore.listMessages(s.threadId, s.upTo, wanted);
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

  /** The newest checkpoint of the history, the thread's own first, then its sources' up to their fork points. */
  async latestCheckpoint(segments: Segment[]): Promise<CheckpointView | null> {
    for (const s of [...segments].reverse()) {
      const found = await this.readStore.latestCheckpoint(s.threadId, s.upTo);
      if (found) return found;
    }
    return null;
  }

  /** Messages of a thread up to an event number (inherited ones included), newest `last` only if given. */
  async messagesOf(threadId: string, upTo: number, last?: number): Promise<MessageView[]> {
    const thread = await this.readStore.getThread(threadId);
    const segments = thread && (await this.segments(thread));
    if (!segments) return [];
    return this.messages(cut(segments, upTo), last);
  }
}

/** Query options for a segment's rows in event order, up to its fork point (what `query` needs to read one segment). */
export const inSegment = <O extends QueryOptions>(s: Segment, options: O) => ({
  ...options,
  orderBy: 'event_number',
  upTo: { column: 'event_number', value: s.upTo },
});

/** The segments restricted to event numbers <= upTo. */
export const cut = (segments: Segment[], upTo: number): Segment[] => segments.map((s) => ({ ...s, upTo: Math.min(s.upTo, upTo) }));
