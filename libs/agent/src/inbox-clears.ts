/** How long a thread stays quiet (no new work) before its inbox row is cleared: a busy thread's turns share one clear. */
export const DEFAULT_INBOX_CLEAR_DELAY_MS = 5_000;

/**
 * Clears a thread's agent inbox row once the thread has been quiet a while, rather than at the end of every drain: the
 * row is only a hint for the next start ("this thread may owe a reply"), so one that lingers costs that start a look at
 * a thread with nothing to answer, never a lost or second reply. A clear removes rows up to the head the drain saw, so
 * a message that arrives meanwhile (a later row) survives it; new work on the thread drops its pending clear (the next
 * drain schedules one with a later head). A clean stop clears what is pending.
 */
export class InboxClears {
  private readonly pending = new Map<string, { upTo: number; timer: NodeJS.Timeout }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly clear: (threadId: string, upTo: number) => Promise<void>,
    private readonly log: (message: string) => void,
    private readonly delayMs = DEFAULT_INBOX_CLEAR_DELAY_MS,
  ) {}

  /** The thread owed nothing up to `upTo` when its worker looked last. */
  later(threadId: string, upTo: number): void {
    this.cancel(threadId);
    const timer = setTimeout(() => {
      this.pending.delete(threadId);
      this.run(threadId, upTo);
    }, this.delayMs);
    timer.unref();
    this.pending.set(threadId, { upTo, timer });
  }

  /** New work on the thread: its next drain clears (with a later head). */
  cancel(threadId: string): void {
    const pending = this.pending.get(threadId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(threadId);
  }

  /** Clears every pending row now and waits for the clears under way. */
  async flush(): Promise<void> {
    for (const [threadId, { upTo, timer }] of this.pending) {
      clearTimeout(timer);
      this.run(threadId, upTo);
    }
    this.pending.clear();
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private run(threadId: string, upTo: number): void {
    // A failed clear leaves a row behind: the next start looks at that thread once more, and clears it then.
    const clearing = this.clear(threadId, upTo)
      .catch((error) => this.log(`agent: inbox of thread '${threadId}' not cleared: ${error}`))
      .finally(() => this.running.delete(clearing));
    this.running.add(clearing);
  }
}
