import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { THREAD_EVENT_TYPES, THREAD_SCHEMA_VERSION, threadStreamId } from '@forkline/domain';
import { LIVE_RECORDS, LiveRecordStore, RecordedEvent, ThreadLineage } from '@forkline/event-store';
import { ProjectedEvent } from '@forkline/read-models';
import { AfterCommitSubscriber } from '../after-commit-subscriber';
import { advance, FeedCursor, FeedItem, isAfter } from './feed-cursor';
import { feedHistory } from './feed-history';
import { KEPT_BYTES, ThreadFeedHub } from './thread-feed-hub';

/** Live records read at a time, going back from the newest, to find where the running attempt began. */
const LOOKBACK_PAGE = 200;
const THREAD_TYPES = new Set<string>(THREAD_EVENT_TYPES);

/**
 * A thread's durable events and live run records as one ordered feed, for every face that streams a thread (SSE, WebSocket).
 * Woken by the projections, which see appends made by any process; one follower per thread in this process, however many
 * subscribers it has.
 */
@Injectable()
export class ThreadFeed implements AfterCommitSubscriber, OnModuleDestroy {
  private readonly logger = new Logger('ThreadFeed');
  private readonly hubs = new Map<string, ThreadFeedHub>();
  /** Bytes of recent items each followed thread keeps in memory for its subscribers. */
  keptBytes = KEPT_BYTES;

  constructor(
    private readonly lineage: ThreadLineage,
    @Inject(LIVE_RECORDS) private readonly live: LiveRecordStore,
  ) {}

  /** Who waits for a thread to be created (see `created`). */
  private readonly creations = new Map<string, Set<() => void>>();
  /** Who listens to a thread's committed events (see `onCommit`). */
  private readonly listeners = new Map<string, Set<(event: ProjectedEvent) => void>>();

  readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const e of events) {
      if (!THREAD_TYPES.has(e.type)) continue;
      const threadId = (e.data as { threadId: string }).threadId;
      if (e.type === 'ThreadCreated' || e.type === 'ThreadForked') this.creations.get(threadId)?.forEach((done) => done());
      this.listeners.get(threadId)?.forEach((listener) => listener(e));
      this.hubs.get(threadId)?.wake(e.type === 'ThreadDeleted' ? asRecorded(threadId, e) : undefined);
    }
  };

  /** How many subscriptions are open in this process (the live subscribers gauge). */
  subscriberCount(): number {
    let count = 0;
    for (const hub of this.hubs.values()) count += hub.subscribers;
    return count;
  }

  /**
   * Resolves once the thread exists (at once if it does), or when the signal aborts: a subscriber to a thread that is yet
   * to be created (a face whose thread is made on first use) follows it from its creation, with no polling.
   */
  async created(threadId: string, signal: AbortSignal): Promise<void> {
    let done!: () => void;
    const wait = new Promise<void>((resolve) => (done = resolve));
    const waiters = this.creations.get(threadId) ?? new Set();
    this.creations.set(threadId, waiters.add(done));
    signal.addEventListener('abort', done, { once: true });
    try {
      if (await this.lineage.head(threadId)) return;
      await wait;
    } finally {
      waiters.delete(done);
      if (waiters.size === 0 && this.creations.get(threadId) === waiters) this.creations.delete(threadId);
      signal.removeEventListener('abort', done);
    }
  }

  /**
   * Calls `listener` with each event of the thread committed from now on, once the read models hold it (whichever
   * process appended it), until the returned function is called: for a reader that needs only to know when to look at
   * the read models again, not the thread's feed.
   */
  onCommit(threadId: string, listener: (event: ProjectedEvent) => void): () => void {
    const listeners = this.listeners.get(threadId) ?? new Set();
    this.listeners.set(threadId, listeners.add(listener));
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(threadId) === listeners) this.listeners.delete(threadId);
    };
  }

  /** Nothing durable to pick up: subscribers come with their own cursors. */
  async resume(): Promise<void> {}

  /** Ends every subscription, so open streams finish before the server closes. */
  onModuleDestroy(): void {
    for (const hub of this.hubs.values()) hub.close();
    this.hubs.clear();
  }

  /**
   * Where a new subscriber starts: durable events from `fromEventNumber` (default: the thread's own first event, so a fork
   * starts at its ThreadForked), live records from the start of the running attempt, if a run is running, else from now.
   */
  async startCursor(threadId: string, fromEventNumber?: number): Promise<FeedCursor> {
    const origin = await this.lineage.origin(threadId);
    const [newest] = await this.live.readLatest(threadId, 1);
    let live = newest?.seq ?? -1;
    // Back a page at a time to the newest run_started or run_ended: however long the attempt, it is seen from its start.
    // Seqs are consecutive, up to where expired runs were removed: a page with fewer records reached that.
    for (let upTo = live; upTo >= 0; upTo -= LOOKBACK_PAGE) {
      const page = (await this.live.read(threadId, Math.max(upTo - LOOKBACK_PAGE, -1), LOOKBACK_PAGE)).filter((r) => r.seq <= upTo);
      const boundary = page.reverse().find((r) => r.type === 'run_started' || r.type === 'run_ended');
      if (boundary?.type === 'run_started') live = boundary.seq - 1;
      if (boundary || page.length < LOOKBACK_PAGE) break;
    }
    return { durable: (fromEventNumber ?? origin?.base ?? 0) - 1, live };
  }

  /** The feed after `from`, in batches, each item exactly once, until the signal aborts or the thread is deleted. */
  async *subscribe(threadId: string, from: FeedCursor, signal: AbortSignal): AsyncGenerator<FeedItem[]> {
    const hub = this.hubOf(threadId);
    hub.subscribers++;
    try {
      await hub.ready;
      let cursor = from;
      let index = hub.offset;
      while (!signal.aborted) {
        if (index < hub.offset || cursor.durable < hub.base.durable || cursor.live < hub.base.live) {
          const to = hub.base;
          for await (const batch of feedHistory(this.lineage, this.live, threadId, cursor, to)) {
            yield batch;
            cursor = batch.reduce(advance, cursor);
          }
          cursor = { durable: Math.max(cursor.durable, to.durable), live: Math.max(cursor.live, to.live) };
          index = Math.max(index, hub.offset);
          continue;
        }
        const fresh = hub.log.slice(index - hub.offset).filter((item) => isAfter(item, cursor));
        index = hub.offset + hub.log.length;
        if (fresh.length > 0) {
          yield fresh;
          cursor = fresh.reduce(advance, cursor);
        } else if (hub.ended) return;
        else await hub.changed(signal);
      }
    } finally {
      if (--hub.subscribers === 0) {
        hub.close();
        if (this.hubs.get(threadId) === hub) this.hubs.delete(threadId);
      }
    }
  }

  private hubOf(threadId: string): ThreadFeedHub {
    let hub = this.hubs.get(threadId);
    if (!hub || hub.ended) {
      hub = new ThreadFeedHub(threadId, this.lineage, this.live, (m) => this.logger.warn(m), this.keptBytes);
      this.hubs.set(threadId, hub);
    }
    return hub;
  }
}

/** The deletion as the log held it: the projections hand it over before the janitor removes the stream. */
function asRecorded(threadId: string, e: ProjectedEvent): RecordedEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    data: e.data,
    streamId: threadStreamId(threadId),
    revision: -1, // not known here, and not shown
    position: e.position,
    metadata: {
      actor: e.actor,
      occurredAt: e.occurredAt,
      correlationId: threadId,
      causationId: null,
      schemaVersion: THREAD_SCHEMA_VERSION,
    },
  };
}
