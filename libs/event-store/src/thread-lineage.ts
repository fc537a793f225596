import { PendingMessage, ThreadCreated, ThreadEvent, threadStreamId } from '@forkline/domain';
import { EventStore, RecordedEvent } from './event-store.port';
import { DEFAULT_CACHED_THREADS, LruCache } from './lru-cache';

export interface ThreadOrigin {
  ownerId: string;
  /** The thread's agent as its first event names it (absent on threads from before agents). */
  agentId?: string;
  /** Event number of the thread's own first event. */
  base: number;
  source: { threadId: string; fromEventNumber: number } | null;
}

const PAGE = 100;
const FIRST_PAGE = 8;
const RUN_EVENTS = new Set(['RunStarted', 'RunCompleted', 'RunFailed', 'RunStopped']);

/**
 * Reads a thread across its forks: a fork's stream holds only its own events, so its history is
 * the source's events up to the fork point followed by its own. Origins never change and are cached.
 * This is the log's answer, for deciding and auditing; client queries read ThreadHistory (the read
 * models) instead (README, "Layout").
 */
export class ThreadLineage {
  private readonly origins: LruCache<string, ThreadOrigin>;
  /** Each thread's last headAndUnanswered walk: its top event (revision and id) and what was unanswered there. */
  private readonly walks: LruCache<string, { top: number; eventId: string; unanswered: PendingMessage[] }>;

  /** `cachedThreads`: how many threads' origins (and walks) it keeps (the least recently used are read again when needed). */
  constructor(
    private readonly store: EventStore,
    cachedThreads = DEFAULT_CACHED_THREADS,
  ) {
    this.origins = new LruCache(cachedThreads);
    this.walks = new LruCache(cachedThreads);
  }

  async origin(threadId: string): Promise<ThreadOrigin | null> {
    const known = this.origins.get(threadId);
    if (known) return known;
    const [first] = await this.store.readStream(threadStreamId(threadId), { limit: 1 });
    if (!first) return null;
    const event = asThreadEvent(first);
    const origin: ThreadOrigin =
      event.type === 'ThreadForked'
        ? {
            ownerId: event.data.ownerId,
            ...(event.data.agentId && { agentId: event.data.agentId }),
            base: event.data.eventNumber,
            source: { threadId: event.data.sourceThreadId, fromEventNumber: event.data.fromEventNumber },
          }
        : { ownerId: (event as ThreadCreated).data.ownerId, agentId: (event as ThreadCreated).data.agentId, base: 0, source: null };
    this.origins.set(threadId, origin);
    return origin;
  }

  forget(threadId: string): void {
    this.origins.delete(threadId);
    this.walks.delete(threadId);
  }

  /**
   * Owner and event number of the thread's latest event (`revision`: its revision in the thread's own stream), null when
   * the thread does not exist. Two small reads.
   */
  async head(threadId: string): Promise<{ ownerId: string; head: number; revision: number; agentId?: string } | null> {
    const origin = await this.origin(threadId);
    if (!origin) return null;
    const [last] = await this.store.readStream(threadStreamId(threadId), { direction: 'backwards', limit: 1 });
    if (!last || last.type === 'ThreadDeleted') return null;
    return { ownerId: origin.ownerId, head: origin.base + last.revision, revision: last.revision, agentId: origin.agentId };
  }

  /**
   * head() and unansweredAt() its head, from one snapshot: the newest page read for the head is the first page the walk
   * back reads (a fork at the head pays one read for both). A thread copied again with nothing new since (a popular
   * source) is not walked again: the event at the known top, still the last one and the same event (not a stream removed
   * and begun again), is one small read.
   */
  async headAndUnanswered(
    threadId: string,
  ): Promise<{ ownerId: string; head: number; revision: number; agentId?: string; unanswered: PendingMessage[] } | null> {
    const origin = await this.origin(threadId);
    if (!origin) return null;
    const walked = { ownerId: origin.ownerId, agentId: origin.agentId };
    const known = this.walks.get(threadId);
    if (known) {
      const [top, after] = await this.store.readStream(threadStreamId(threadId), { fromRevision: known.top, limit: 2 });
      if (top?.eventId === known.eventId && after === undefined)
        return { ...walked, head: origin.base + known.top, revision: known.top, unanswered: [...known.unanswered] };
    }
    const first = await this.store.readStream(threadStreamId(threadId), { direction: 'backwards', limit: FIRST_PAGE });
    if (first.length === 0 || first[0].type === 'ThreadDeleted') return null;
    const top = first[0].revision;
    const unanswered = await this.unansweredFrom(this.backwards(threadId, top, first.map(asThreadEvent)));
    this.walks.set(threadId, { top, eventId: first[0].eventId, unanswered: [...unanswered] });
    return { ...walked, head: origin.base + top, revision: top, unanswered };
  }

  /** The thread's events with event numbers 0..upTo, inherited ones included, in order. */
  async eventsUpTo(threadId: string, upTo: number): Promise<ThreadEvent[]> {
    return (await this.recordsUpTo(threadId, upTo)).map(asThreadEvent);
  }

  /** The same, as recorded (with stream, revision and metadata): what audits and exports show. */
  recordsUpTo(threadId: string, upTo: number): Promise<RecordedEvent[]> {
    return this.recordsBetween(threadId, 0, upTo);
  }

  /**
   * As recorded, event numbers `from`..`upTo` only: each segment of the lineage is read from its first
   * wanted revision, so a page far into (or past) a long history costs what it returns.
   */
  async recordsBetween(threadId: string, from: number, upTo: number): Promise<RecordedEvent[]> {
    const origin = await this.origin(threadId);
    if (!origin || upTo < Math.max(from, 0)) return [];
    const source = origin.source;
    const inherited =
      source && from <= source.fromEventNumber
        ? await this.recordsBetween(source.threadId, from, Math.min(upTo, source.fromEventNumber))
        : [];
    if (upTo < origin.base) return inherited;
    const first = Math.max(from, origin.base) - origin.base;
    const own = await this.store.readStream(threadStreamId(threadId), {
      fromRevision: first,
      limit: Math.min(upTo - origin.base - first + 1, Number.MAX_SAFE_INTEGER),
    });
    return [...inherited, ...own];
  }

  /** The latest run event (started, completed, failed, stopped) at or before `at`, across forks; null if none. */
  async lastRunEventAt(threadId: string, at: number): Promise<ThreadEvent | null> {
    const origin = await this.origin(threadId);
    if (!origin) return null;
    if (at >= origin.base) {
      for await (const page of this.backwards(threadId, at - origin.base)) {
        const found = page.find((e) => RUN_EVENTS.has(e.type));
        if (found) return found;
      }
    }
    return origin.source ? this.lastRunEventAt(origin.source.threadId, Math.min(at, origin.source.fromEventNumber)) : null;
  }

  /**
   * User messages at or before `at` that have no reply at that point, oldest first. Walks back only
   * to the latest reply (replies come in message order) or to the fork event, which records its own list.
   */
  async unansweredAt(threadId: string, at: number): Promise<PendingMessage[]> {
    const origin = await this.origin(threadId);
    if (!origin) return [];
    if (at < origin.base && origin.source) return this.unansweredAt(origin.source.threadId, at);
    return this.unansweredFrom(this.backwards(threadId, at - origin.base));
  }

  /**
   * The walk of unansweredAt over the thread's own events, newest first (`pages`), down to where the answer is known. A
   * run's end settles its message and every one before it (runs answer in message order), so the walk stops at the
   * latest one; a deleted message, or a queued one stopped before its run (a stop without a run id), is settled alone.
   */
  private async unansweredFrom(pages: AsyncGenerator<ThreadEvent[]>): Promise<PendingMessage[]> {
    const newestFirst: PendingMessage[] = [];
    const settledAlone = new Set<string>();
    let latestAnswered: string | undefined;
    for await (const page of pages) {
      for (const event of page) {
        switch (event.type) {
          case 'UserMessageAdded':
            if (event.data.messageId === latestAnswered) return newestFirst.reverse();
            if (!settledAlone.has(event.data.messageId))
              newestFirst.push({ messageId: event.data.messageId, eventNumber: event.data.eventNumber });
            break;
          case 'MessageDeleted':
            settledAlone.add(event.data.messageId);
            break;
          case 'RunStopped':
            if (event.data.runId === null) settledAlone.add(event.data.replyTo);
            else latestAnswered ??= event.data.replyTo;
            break;
          case 'AssistantMessageAdded':
          case 'RunFailed':
            // A stopped run's partial answer (stopped: true) settles nothing new: its RunStopped did.
            if (event.type !== 'AssistantMessageAdded' || !event.data.stopped) latestAnswered ??= event.data.replyTo;
            break;
          case 'HistoryCleared':
            // It stopped every message before it: only the ones after it can be waiting.
            return newestFirst.reverse();
          case 'ThreadForked': {
            const inherited = event.data.unanswered;
            const cut = latestAnswered ? inherited.findIndex((m) => m.messageId === latestAnswered) + 1 : 0;
            return [...inherited.slice(cut).filter((m) => !settledAlone.has(m.messageId)), ...newestFirst.reverse()];
          }
        }
      }
    }
    return newestFirst.reverse();
  }

  /**
   * The thread's own events from `revision` back to its first, newest first, in pages that grow: most walks end near the
   * head. `first`: the first page (FIRST_PAGE events from `revision` back), already read.
   */
  private async *backwards(threadId: string, revision: number, first?: ThreadEvent[]): AsyncGenerator<ThreadEvent[]> {
    if (first) {
      yield first;
      revision -= FIRST_PAGE;
    }
    for (let limit = first ? FIRST_PAGE * 4 : FIRST_PAGE; revision >= 0; revision -= limit, limit = Math.min(limit * 4, PAGE)) {
      const page = await this.store.readStream(threadStreamId(threadId), { direction: 'backwards', fromRevision: revision, limit });
      yield page.map(asThreadEvent);
    }
  }
}

function asThreadEvent(e: { type: string; data: unknown }): ThreadEvent {
  return { type: e.type, data: e.data } as ThreadEvent;
}
