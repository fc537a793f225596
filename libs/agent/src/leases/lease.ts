import { setMaxListeners } from 'events';

/** The abort reason of a run whose lease was lost: another worker took it over, or it could not be renewed in time. */
export const LEASE_LOST = 'run lease lost';

/** One attempt of a run, as its worker holds it. */
export interface AttemptClaim {
  runId: string;
  attempt: number;
  workerId: string;
}

/** What a lease needs from the lease stream. */
export interface LeaseRenewer {
  readonly leaseMs: number;
  /** Extends the lease to `startedAt + leaseMs`; false when another worker has taken the run over. */
  renew(threadId: string, claim: AttemptClaim, startedAt: number): Promise<boolean>;
  release(threadId: string, claim: AttemptClaim): Promise<void>;
}

/**
 * A worker's hold on one attempt of a run: renewed every third of the lease while the run works. It is held until its
 * deadline, the expiry it last wrote (a taker waits past that same time); when a renewal finds the run taken over, or
 * none succeeds before the deadline, the lease is lost: `signal` aborts the model call and `held()` stops live records.
 */
export class Lease {
  private readonly controller = new AbortController();
  private renewal?: NodeJS.Timeout;
  private expiry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly renewer: LeaseRenewer,
    readonly threadId: string,
    readonly claim: AttemptClaim,
    private deadline: number,
    private readonly log: (message: string) => void,
    /** Told once, when the attempt is over or the lease lost (the count of leases held). */
    private readonly onStop: () => void = () => {},
  ) {
    setMaxListeners(0, this.controller.signal);
    this.scheduleRenewal();
    this.watchExpiry();
  }

  /** Aborts (reason LEASE_LOST) when the lease is lost. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lost(): boolean {
    return this.controller.signal.aborted;
  }

  /** Whether this worker may still act for the attempt (write its live records). */
  held(): boolean {
    return !this.lost && Date.now() < this.deadline;
  }

  /** The run appended something the fence refused, or a renewal found a taker: stop at once. */
  lose(why: string): void {
    this.stop();
    if (this.lost) return;
    this.log(`agent: run ${this.claim.runId} attempt ${this.claim.attempt}: ${why}; it stops here`);
    this.controller.abort(LEASE_LOST);
  }

  /** The attempt is over (answered, failed, stopped): no more renewals. */
  stop(): void {
    if (!this.stopped) this.onStop();
    this.stopped = true;
    clearTimeout(this.renewal);
    clearTimeout(this.expiry);
  }

  /** Gives the attempt up (a shutdown): another worker may take the run over at once, without waiting for the expiry. */
  async release(): Promise<void> {
    this.stop();
    if (this.lost) return;
    try {
      await this.renewer.release(this.threadId, this.claim);
    } catch (error) {
      this.log(`agent: run ${this.claim.runId}: its lease could not be released (it expires instead): ${error}`);
    }
  }

  private scheduleRenewal(): void {
    if (this.stopped) return;
    this.renewal = setTimeout(() => void this.renew(), this.renewer.leaseMs / 3);
    this.renewal.unref();
  }

  /** Lost at the deadline, whatever a renewal in flight is doing (a store out of reach may never answer). */
  private watchExpiry(): void {
    clearTimeout(this.expiry);
    if (this.stopped) return;
    this.expiry = setTimeout(
      () => {
        if (Date.now() >= this.deadline) this.lose('its lease expired before it could be renewed');
        else this.watchExpiry();
      },
      Math.max(0, this.deadline - Date.now()),
    );
    this.expiry.unref();
  }

  private async renew(): Promise<void> {
    const startedAt = Date.now();
    try {
      if (!(await this.renewer.renew(this.threadId, this.claim, startedAt))) return this.lose('another worker took it over');
      if (this.lost) return;
      this.deadline = Math.max(this.deadline, startedAt + this.renewer.leaseMs);
      this.watchExpiry();
    } catch (error) {
      // The store is out of reach: try again; at the deadline the lease is lost.
      this.log(`agent: run ${this.claim.runId}: lease renewal failed: ${error}`);
    }
    this.scheduleRenewal();
  }
}
