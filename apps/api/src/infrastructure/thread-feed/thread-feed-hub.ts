import { LiveRecord, LiveRecordStore, pause, RecordedEvent, ThreadLineage } from '@forkline/event-store';
import { advance, eventNumberOf, FeedCursor, FeedItem } from './feed-cursor';
import { durablePages, EventItem, itemBytes, livePages } from './feed-pages';
import { stop } from './stopped';

/** Bytes of items kept in memory per followed thread; past that the older half goes and a subscriber still behind reads it from the stores. */
export const KEPT_BYTES = 16 * 1024 * 1024;
/** ... and items, however small (a long run's deltas). */
const KEPT_ITEMS = 4000;
const RETRY_MS = 1000;

/**
 * The one follower of a thread in this process, shared by all its subscribers: it follows the thread's live records and,
 * when woken by a commit of the thread's events, reads them from the thread's stream, and lays both out in one order that
 * every subscriber replays. Before a batch of durable events it takes every live record stored by then, so a run's deltas
 * always come before the reply they make up.
 */
export class ThreadFeedHub {
  /** The cursor just before log[0]: what is older is read from the stores. */
  base: FeedCursor = { durable: -1, live: -1 };
  log: FeedItem[] = [];
  /** What the log's items take, about: each one's JSON. */
  bytes = 0;
  private readonly sizes: number[] = [];
  /** How many items were dropped from the front: a subscriber's place in the log is an absolute index. */
  offset = 0;
  /** Set once the thread is deleted or the feed closes: nothing more comes. */
  ended = false;
  subscribers = 0;
  readonly ready: Promise<void>;
  private tail: FeedCursor = this.base;
  private deletion: RecordedEvent | null = null;
  private reading: Promise<void>;
  private readonly waiters = new Set<() => void>();
  private readonly controller = new AbortController();

  constructor(
    private readonly threadId: string,
    private readonly lineage: ThreadLineage,
    private readonly live: LiveRecordStore,
    private readonly report: (message: string) => void,
    private readonly keptBytes = KEPT_BYTES,
  ) {
    // A follower that cannot start ends its subscribers' streams (clients reconnect) rather than leaving them hanging.
    this.ready = this.start().catch((error) => (this.report(`thread feed '${this.threadId}' did not start: ${error}`), this.close()));
    this.reading = this.ready;
  }

  /** The thread's events were committed (`deletion`: its ThreadDeleted, which may be gone from the stream before it is read). */
  wake(deletion?: RecordedEvent): void {
    if (deletion) this.deletion = deletion;
    void this.readDurableInTurn();
  }

  /** Reads of the stream happen one at a time; `liveBound`: take no live record past this seq before the events. */
  private readDurableInTurn(liveBound = Infinity): Promise<void> {
    this.reading = this.reading.then(() => this.readDurable(liveBound)).catch((e) => this.report(`thread feed '${this.threadId}': ${e}`));
    return this.reading;
  }

  /** Resolves at the next change (or once `signal` aborts). */
  changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => (this.waiters.delete(done), signal.removeEventListener('abort', done), resolve());
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  close(): void {
    this.ended = true;
    stop(this.controller);
    this.notify();
  }

  private async start(): Promise<void> {
    const [latest] = await this.live.readLatest(this.threadId, 1);
    const head = await this.lineage.head(this.threadId);
    if (!head) return this.close(); // deleted meanwhile
    this.base = this.tail = { durable: head.head, live: latest?.seq ?? -1 };
    void this.followLive(this.controller.signal);
  }

  private async followLive(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const batch of this.live.follow(this.threadId, this.tail.live, signal)) {
          // A run's end is recorded after its durable end: read that first, whichever process ran it and however far
          // behind the projections here are, so every subscriber sees a reply before the record saying it landed.
          const end = batch.findIndex((r) => r.type === 'run_ended');
          if (end >= 0) {
            this.pushLive(batch.slice(0, end));
            await this.readDurableInTurn(batch[end].seq - 1);
          }
          this.pushLive(batch.slice(Math.max(end, 0)));
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.report(`thread feed '${this.threadId}': following live records failed: ${error}; retrying`);
        await pause(RETRY_MS, signal);
      }
    }
  }

  /**
   * The thread's new events, a page at a time, each page after every live record stored by then — but none from a run's
   * run_ended on: that one comes from followLive, once the events it follows are read, so it never goes before the reply.
   */
  private async readDurable(liveBound: number): Promise<void> {
    if (this.ended) return;
    let bound = liveBound;
    const catchUpLive = async () => {
      for await (const page of livePages(this.live, this.threadId, this.tail.live, bound)) {
        const end = page.findIndex((item) => item.record.type === 'run_ended');
        this.pushLive((end >= 0 ? page.slice(0, end) : page).map((item) => item.record));
        if (end >= 0) return void (bound = this.tail.live);
      }
    };
    const pushEvents = async (events: EventItem[]) => {
      await catchUpLive();
      for (const item of events) if (item.eventNumber > this.tail.durable) this.push(item);
      this.notify();
    };
    for await (const page of durablePages(this.lineage, this.threadId, this.tail.durable)) {
      const deleted = page.findIndex((item) => item.event.type === 'ThreadDeleted');
      await pushEvents(deleted >= 0 ? page.slice(0, deleted + 1) : page);
      if (deleted >= 0) return this.close();
    }
    if (!this.deletion) return;
    // The stream is gone: the deletion as the projections handed it over ends the feed.
    await pushEvents([{ kind: 'event', eventNumber: eventNumberOf(this.deletion), event: this.deletion }]);
    this.close();
  }

  private pushLive(records: LiveRecord[]): void {
    const fresh = records.filter((r) => r.seq > this.tail.live);
    for (const record of fresh) this.push({ kind: 'live', record });
    if (fresh.length > 0) this.notify();
  }

  private push(item: FeedItem): void {
    const size = itemBytes(item);
    this.log.push(item);
    this.sizes.push(size);
    this.bytes += size;
    this.tail = advance(this.tail, item);
    if (this.log.length <= KEPT_ITEMS && this.bytes <= this.keptBytes) return;
    // The older half goes (by bytes and by count), so trimming is rare; what is older is read from the stores.
    let drop = 0;
    while (drop < this.log.length && (this.log.length - drop > KEPT_ITEMS / 2 || this.bytes > this.keptBytes / 2))
      this.bytes -= this.sizes[drop++];
    const dropped = this.log.splice(0, drop);
    this.sizes.splice(0, drop);
    this.base = dropped.reduce(advance, this.base);
    this.offset += dropped.length;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
