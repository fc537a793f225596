import { randomUUID } from 'crypto';
import { HeldClaim, leaseStreamId, THREAD_SCHEMA_VERSION, threadStreamId } from '@forkline/domain';
import { EventStore, ExpectedRevision, NewEvent, WrongExpectedRevision } from '@forkline/event-store';
import { AttemptClaim, Lease, LeaseRenewer } from './lease';

/** How long a run's lease lasts without a renewal (RUN_LEASE_MS); it is renewed every third of that. */
export const DEFAULT_RUN_LEASE_MS = 15_000;

type LeaseEventType = 'LeaseTaken' | 'LeaseRenewed' | 'LeaseReleased';
interface LeaseRecord extends AttemptClaim {
  type: LeaseEventType;
  threadId: string;
  /** The holder's clock: until when the attempt is its (a taker waits past it). */
  expiresAt: number;
}
interface Latest {
  revision: ExpectedRevision;
  record?: LeaseRecord;
}

/** The run a taker finds active on a thread: its id and who holds it (none on runs no lease guards). */
export interface ActiveRunOf {
  runId: string;
  claim?: HeldClaim;
}

const sameAttempt = (a: AttemptClaim, b: AttemptClaim) => a.runId === b.runId && a.attempt === b.attempt && a.workerId === b.workerId;
/** The record says another worker has the attempt, or a later one, of the claim's run. */
const takenFrom = (claim: AttemptClaim, r?: LeaseRecord) =>
  r !== undefined &&
  r.runId === claim.runId &&
  (r.attempt > claim.attempt || (r.attempt === claim.attempt && r.workerId !== claim.workerId));

/**
 * Run leases in a small per-thread stream (`lease-<threadId>`), appended under expected revision, so they work the same
 * on every event store: a takeover and a renewal cannot both succeed. Who runs a run is decided on the thread stream
 * (RunStarted, RunResumed: the decider's fence); this stream only says whether its holder is still alive, without
 * using thread event numbers or reaching projections. A fresh run's lease starts at its RunStarted (no append here).
 */
export class RunLeases implements LeaseRenewer {
  /** A taker waits this much past a holder's expiry, for timers that fire late. */
  private readonly margin: number;
  private readonly active = new Set<Lease>();
  /** Runs this process took over from another worker whose lease had expired (for /metrics). */
  takenOver = 0;

  constructor(
    private readonly store: EventStore,
    readonly leaseMs = DEFAULT_RUN_LEASE_MS,
    private readonly log: (message: string) => void = console.error,
  ) {
    if (!Number.isInteger(leaseMs) || leaseMs < 30) throw new Error(`a run lease lasts at least 30 ms, got ${leaseMs}`);
    this.margin = Math.min(1000, Math.ceil(leaseMs / 10));
  }

  /** The lease of an attempt just claimed on the thread stream (RunStarted), counted from `since`, taken before the claim. */
  started(threadId: string, claim: AttemptClaim, since: number): Lease {
    return this.hold(threadId, claim, since + this.leaseMs);
  }

  /** Leases this process holds now (for /metrics). */
  get held(): number {
    return this.active.size;
  }

  private hold(threadId: string, claim: AttemptClaim, deadline: number): Lease {
    const lease: Lease = new Lease(this, threadId, claim, deadline, this.log, () => this.active.delete(lease));
    this.active.add(lease);
    return lease;
  }

  /**
   * Takes the active run's next attempt for `workerId` if its holder's lease is over (or the holder is this worker,
   * whose earlier attempt has ended): the lease of the new attempt, which the caller then records on the thread
   * (ResumeRun); or the time to look again. `base`: the thread's first event number (revision = event number - base).
   */
  async take(threadId: string, run: ActiveRunOf, workerId: string, base: number): Promise<Lease | { retryAt: number }> {
    for (let tries = 0; tries < 3; tries++) {
      const startedAt = Date.now();
      const latest = await this.latest(threadId);
      const until = await this.heldUntil(threadId, run, latest.record, workerId, base);
      if (until > startedAt) return { retryAt: until };
      const claim = { runId: run.runId, attempt: (run.claim?.attempt ?? 1) + 1, workerId };
      try {
        await this.append(threadId, 'LeaseTaken', claim, startedAt + this.leaseMs, latest.revision);
        if (run.claim && run.claim.workerId !== workerId) this.takenOver++;
        return this.hold(threadId, claim, startedAt + this.leaseMs);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error; // a renewal or another taker came first: look again
      }
    }
    return { retryAt: Date.now() + this.leaseMs / 3 };
  }

  async renew(threadId: string, claim: AttemptClaim, startedAt: number): Promise<boolean> {
    for (let tries = 0; tries < 3; tries++) {
      const latest = await this.latest(threadId);
      if (takenFrom(claim, latest.record)) return false;
      try {
        await this.append(threadId, 'LeaseRenewed', claim, startedAt + this.leaseMs, latest.revision);
        return true;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
      }
    }
    throw new Error('the lease stream kept moving');
  }

  async release(threadId: string, claim: AttemptClaim): Promise<void> {
    const latest = await this.latest(threadId);
    if (takenFrom(claim, latest.record)) return;
    await this.append(threadId, 'LeaseReleased', claim, Date.now(), latest.revision);
  }

  /**
   * Until when the run is not this worker's to take: its holder's last sign of life (its claim on the thread, or a
   * later renewal) plus the lease, unless released; or the lease of a taker whose claim is not on the thread yet.
   */
  private async heldUntil(threadId: string, run: ActiveRunOf, record: LeaseRecord | undefined, workerId: string, base: number) {
    const holder = run.claim;
    let until = 0;
    if (record && record.runId === run.runId && record.attempt > (holder?.attempt ?? 1) && record.workerId !== workerId) {
      if (record.type !== 'LeaseReleased') until = record.expiresAt + this.margin;
    }
    // A run no lease guards (from before leases), or this worker's own: nobody else is running it.
    if (!holder || holder.workerId === workerId) return until;
    const current = { runId: run.runId, attempt: holder.attempt, workerId: holder.workerId };
    const ofHolder = record && sameAttempt(record, current) ? record : undefined;
    if (ofHolder?.type === 'LeaseReleased') return until;
    const [claimed] = await this.store.readStream(threadStreamId(threadId), { fromRevision: holder.eventNumber - base, limit: 1 });
    const since = claimed ? Date.parse(claimed.metadata.occurredAt) : 0;
    return Math.max(until, since + this.leaseMs + this.margin, ofHolder ? ofHolder.expiresAt + this.margin : 0);
  }

  private async latest(threadId: string): Promise<Latest> {
    const [last] = await this.store.readStream(leaseStreamId(threadId), { direction: 'backwards', limit: 1 });
    if (!last) return { revision: 'no_stream' };
    return { revision: last.revision, record: { ...(last.data as Omit<LeaseRecord, 'type'>), type: last.type as LeaseEventType } };
  }

  private async append(threadId: string, type: LeaseEventType, claim: AttemptClaim, expiresAt: number, expected: ExpectedRevision) {
    const event: NewEvent = {
      eventId: randomUUID(),
      type,
      data: { threadId, ...claim, expiresAt },
      metadata: {
        actor: 'agent',
        correlationId: claim.runId,
        causationId: null,
        occurredAt: new Date().toISOString(),
        schemaVersion: THREAD_SCHEMA_VERSION,
      },
    };
    await this.store.append(leaseStreamId(threadId), [event], expected);
  }
}
