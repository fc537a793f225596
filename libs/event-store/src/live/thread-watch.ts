import { AppendSignal } from '../polling-subscription';

/** Where a store's followers learn that threads got records, by whichever process wrote them. */
export interface ChangeFeed {
  /** The newest change (cheap: read at every poll). */
  version(): number;
  /** The threads changed after `version`, with the newest change seen. */
  changedSince(version: number): { threads: string[]; version: number };
}

/**
 * Wakes the followers of a thread when it gets new records: at once for appends made in this process, and by one
 * poll per store for appends made by other processes, however many threads are followed (1000 followed threads
 * cost one cheap query per poll, and a second one naming the threads that changed when something did).
 */
export class ThreadWatches {
  private readonly watches = new Map<string, ThreadWatch>();
  private timer?: NodeJS.Timeout;
  private seen = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly pollMs = 30,
  ) {}

  /** Starts (or joins) the watch of a thread; `release` it when done following. */
  acquire(threadId: string): ThreadWatch {
    let watch = this.watches.get(threadId);
    if (!watch) {
      if (!this.timer) this.startPolling();
      watch = new ThreadWatch(() => this.forget(threadId));
      this.watches.set(threadId, watch);
    }
    watch.users++;
    return watch;
  }

  /** An append in this process: its followers read now instead of at the next poll. */
  notify(threadId: string): void {
    this.watches.get(threadId)?.notify();
  }

  /** Wakes every follower and stops the poll (the store is closing). */
  closeAll(): void {
    for (const watch of [...this.watches.values()]) watch.close();
  }

  private startPolling(): void {
    this.seen = this.feed.version();
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
  }

  private forget(threadId: string): void {
    this.watches.delete(threadId);
    if (this.watches.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    try {
      if (this.feed.version() === this.seen) return;
      const { threads, version } = this.feed.changedSince(this.seen);
      this.seen = Math.max(this.seen, version);
      for (const threadId of threads) this.watches.get(threadId)?.notify();
    } catch {
      // A busy or closing file: the next poll tries again.
    }
  }
}

export class ThreadWatch extends AppendSignal {
  users = 0;
  closed = false;

  constructor(private readonly forget: () => void) {
    super();
  }

  /** Resolves when the thread changed after `seenVersion`, the signal aborts, or the watch closes. */
  override wait(seenVersion: number, signal: AbortSignal): Promise<void> {
    return this.closed ? Promise.resolve() : super.wait(seenVersion, signal);
  }

  release(): void {
    if (--this.users <= 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.forget();
    this.notify();
  }
}
