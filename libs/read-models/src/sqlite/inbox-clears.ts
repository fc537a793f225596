/** A clear of a thread's inbox rows up to an event number. */
export interface InboxClear {
  threadId: string;
  upTo: number;
}

interface Clear extends InboxClear {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The agent's inbox clears, written with the next projection commit instead of in a transaction each: every
 * answered turn ends with one, and a commit of its own (its WAL frames, a share of the checkpoints) cost more than
 * the DELETE. Nothing waits on a clear but the saga's bookkeeping, so one made in this turn of the event loop is
 * written by the commit that comes first: a projection commit in the same turn, else one transaction for all the
 * clears at the turn's end. A caller's promise settles once its clear is committed. Losing one to a crash is
 * harmless: the saga looks at the thread again and finds nothing to answer.
 */
export class InboxClears {
  private pending: Clear[] = [];

  /** `write` runs the clears' statements, in a transaction when called alone. */
  constructor(private readonly write: (clears: InboxClear[]) => void) {}

  add(threadId: string, upTo: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ threadId, upTo, resolve, reject });
    });
  }

  /**
   * Runs `commit` with the pending clears for it to write in its transaction; they settle with it. A failed
   * commit puts them back, to be written on their own.
   */
  with<T>(commit: (clears: InboxClear[]) => T): T {
    const clears = this.take();
    let result: T;
    try {
      result = commit(clears);
    } catch (error) {
      if (clears.length > 0) {
        if (this.pending.length === 0) setImmediate(() => this.flush());
        this.pending.unshift(...clears);
      }
      throw error;
    }
    clears.forEach((c) => c.resolve());
    return result;
  }

  /** Writes the pending clears now (before a read of the inbox, or at the turn's end). */
  flush(): void {
    const clears = this.take();
    if (clears.length === 0) return;
    try {
      this.write(clears);
    } catch (error) {
      return clears.forEach((c) => c.reject(error));
    }
    clears.forEach((c) => c.resolve());
  }

  private take(): Clear[] {
    const clears = this.pending;
    this.pending = [];
    return clears;
  }
}
