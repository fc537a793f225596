/**
 * Wakes the followers of a thread when it gets new records: at once for appends made in this process, and by one
 * shared poll per followed thread for appends made by other processes (100 followers of one run mean one poll).
 */
export class ThreadWatches {
  private readonly watches = new Map<string, ThreadWatch>();

  /** `probe` returns something that changes whenever the thread gets records (its next seq). */
  constructor(
    private readonly probe: (threadId: string) => unknown,
    private readonly pollMs = 30,
  ) {}

  /** Starts (or joins) the watch of a thread; `release` it when done following. */
  acquire(threadId: string): ThreadWatch {
    let watch = this.watches.get(threadId);
    if (!watch) {
      watch = new ThreadWatch(
        () => this.probe(threadId),
        this.pollMs,
        () => this.watches.delete(threadId),
      );
      this.watches.set(threadId, watch);
    }
    watch.users++;
    return watch;
  }

  /** An append in this process: its followers read now instead of at the next poll. */
  notify(threadId: string): void {
    this.watches.get(threadId)?.notify();
  }

  /** Wakes every follower and stops every poll (the store is closing). */
  closeAll(): void {
    for (const watch of [...this.watches.values()]) watch.close();
  }
}

export class ThreadWatch {
  users = 0;
  closed = false;
  private version = 0;
  private waiters = new Set<() => void>();
  private last: unknown;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly probe: () => unknown,
    pollMs: number,
    private readonly forget: () => void,
  ) {
    this.last = probe();
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves when the thread changed after `seenVersion`, the signal aborts, or the watch closes. */
  wait(seenVersion: number, signal: AbortSignal): Promise<void> {
    if (this.version !== seenVersion || signal.aborted || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      signal.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }

  release(): void {
    if (--this.users <= 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.forget();
    this.notify();
  }

  private poll(): void {
    let now: unknown;
    try {
      now = this.probe();
    } catch {
      return; // A busy or closing file: the next poll tries again.
    }
    if (now === this.last) return;
    this.last = now;
    this.notify();
  }
}
