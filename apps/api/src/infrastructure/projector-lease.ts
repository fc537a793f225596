import { randomUUID } from 'crypto';
import { RateCounterStore } from '@forkline/read-models';

/** The lease's name on the shared counter backend. */
export const PROJECTOR_LEASE = 'projector';

/**
 * The projector's leader lease, on the shared counter backend (DATA_DIR/limits.db, or MongoDB): one atomic claim, so
 * two processes never both hold it, and nothing is appended to the log. A process projects while it holds the lease,
 * renewing it every third of `leaseMs`; another takes it once it expired or was released.
 */
export class ProjectorLease {
  readonly holder = randomUUID();

  constructor(
    private readonly backend: Pick<RateCounterStore, 'claimLease' | 'releaseLease'>,
    readonly leaseMs: number,
  ) {}

  /** Takes or renews the lease; false while another process holds it (or took it first). */
  acquire(now = Date.now()): Promise<boolean> {
    return this.backend.claimLease(PROJECTOR_LEASE, this.holder, this.leaseMs, now);
  }

  /** Gives the lease up (a shutdown): a standby takes over at its next try, without waiting for the expiry. */
  release(): Promise<void> {
    return this.backend.releaseLease(PROJECTOR_LEASE, this.holder);
  }
}
