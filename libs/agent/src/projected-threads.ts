import { LruCache } from '@forkline/event-store';
import { ProjectedEvent } from '@forkline/read-models';

/** How many threads' projected event numbers are remembered (a run waits on its own thread moments after appending). */
const REMEMBERED_THREADS = 10_000;
/** The longest a run's run_ended waits for the read models: a stalled projection delays the record, never drops it. */
export const PROJECTED_WAIT_MS = 5_000;

/**
 * How far the read models hold each thread, as the projections hand their commits on (afterCommit): a run writes its
 * run_ended once its end is readable there, so a follower that reads the thread when the run ends finds its reply.
 */
export class ProjectedThreads {
  private readonly upTo = new LruCache<string, number>(REMEMBERED_THREADS);
  private readonly waiters = new Set<{ threadId: string; eventNumber: number; done: () => void }>();
  private closed = false;

  constructor(private readonly waitMs = PROJECTED_WAIT_MS) {}

  /** Committed to the read models (in log order, so a thread's event number n means all before it too). */
  seen(events: readonly ProjectedEvent[]): void {
    for (const e of events) {
      const { threadId, eventNumber } = e.data as { threadId?: unknown; eventNumber?: unknown };
      if (typeof threadId !== 'string' || typeof eventNumber !== 'number') continue; // not a thread event (a checkpoint's)
      if (eventNumber > (this.upTo.get(threadId) ?? -1)) this.upTo.set(threadId, eventNumber);
    }
    for (const waiter of this.waiters) if (this.holds(waiter.threadId, waiter.eventNumber)) waiter.done();
  }

  /** Resolves once the read models hold the thread up to `eventNumber`, after PROJECTED_WAIT_MS at most, or at close. */
  until(threadId: string, eventNumber: number): Promise<void> {
    if (this.closed || this.holds(threadId, eventNumber)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        threadId,
        eventNumber,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, this.waitMs);
      timer.unref();
      this.waiters.add(waiter);
    });
  }

  /** Nobody waits any more (the saga stops). */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.done();
  }

  private holds(threadId: string, eventNumber: number): boolean {
    return (this.upTo.get(threadId) ?? -1) >= eventNumber;
  }
}
