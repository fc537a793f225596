import { Position, RecordedEvent, SubscribeOptions } from './event-store.port';

/** Counts local appends so a sleeping subscriber wakes at once instead of at its next poll. */
export class AppendSignal {
  private version = 0;
  private waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves when an append happened after `seenVersion`, the timeout (if any) passes, or the signal aborts. */
  wait(seenVersion: number, signal: AbortSignal, timeoutMs?: number): Promise<void> {
    if (this.version !== seenVersion || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }
}

/**
 * A catch-up subscription built from `readAll`: reads pages until caught up, then sleeps until a
 * local append (AppendSignal) or `pollMs` passes (another process may have appended), and reads
 * at the end of that turn of the event loop.
 */
export async function* pollingSubscription(
  readAll: (after: Position | undefined, limit: number) => Promise<RecordedEvent[]>,
  appends: AppendSignal,
  { after, signal, batchSize = 500 }: SubscribeOptions,
  pollMs = 250,
): AsyncIterable<RecordedEvent[]> {
  let cursor = after;
  while (!signal.aborted) {
    const seen = appends.current;
    const batch = await readAll(cursor, batchSize);
    if (batch.length > 0) {
      cursor = batch[batch.length - 1].position;
      yield batch;
      // Read again at once: another process's appends (found otherwise by the next poll only) may be there already.
      continue;
    }
    await appends.wait(seen, signal, pollMs);
    // Woken by an append: the appends of the requests handled in this same turn of the event loop are read with it,
    // as one batch (a subscriber pays a read and, for projections, a commit per batch rather than per append).
    await new Promise((resolve) => setImmediate(resolve));
  }
}
