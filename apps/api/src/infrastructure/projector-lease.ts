import { randomUUID } from 'crypto';
import { PROJECTOR_LEASE_STREAM, THREAD_SCHEMA_VERSION } from '@forkline/domain';
import { EventStore, ExpectedRevision, Position, WrongExpectedRevision } from '@forkline/event-store';

type LeaseEventType = 'ProjectorLeaseTaken' | 'ProjectorLeaseRenewed' | 'ProjectorLeaseReleased';
interface LeaseRecord {
  type: LeaseEventType;
  holder: string;
  /** The holder's clock: until when it projects (a taker waits past it). */
  expiresAt: number;
}

/**
 * The projector's leader lease: one small stream appended under expected revision, so on every event store a
 * takeover and a renewal cannot both succeed. A process projects while it holds the lease, renewing it every third
 * of `leaseMs`; another takes it once it expired (plus a margin for late timers) or was released.
 */
export class ProjectorLease {
  readonly holder = randomUUID();
  private readonly margin: number;

  constructor(
    private readonly store: EventStore,
    readonly leaseMs: number,
  ) {
    this.margin = Math.min(1000, Math.ceil(leaseMs / 10));
  }

  /** Takes or renews the lease; false while another process holds it (or took it first). */
  async acquire(now = Date.now()): Promise<boolean> {
    const latest = await this.latest();
    const mine = latest.record?.holder === this.holder && latest.record.type !== 'ProjectorLeaseReleased';
    const free = !latest.record || latest.record.type === 'ProjectorLeaseReleased' || now > latest.record.expiresAt + this.margin;
    if (!mine && !free) return false;
    try {
      await this.append(mine ? 'ProjectorLeaseRenewed' : 'ProjectorLeaseTaken', now + this.leaseMs, latest.revision);
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevision) return false; // another process moved first
      throw error;
    }
  }

  /** Gives the lease up (a shutdown): a standby takes over at its next try, without waiting for the expiry. Returns its position. */
  async release(): Promise<Position | undefined> {
    const latest = await this.latest();
    if (latest.record?.holder !== this.holder || latest.record.type === 'ProjectorLeaseReleased') return undefined;
    return this.append('ProjectorLeaseReleased', Date.now(), latest.revision);
  }

  private async latest(): Promise<{ revision: ExpectedRevision; record?: LeaseRecord }> {
    const [last] = await this.store.readStream(PROJECTOR_LEASE_STREAM, { direction: 'backwards', limit: 1 });
    if (!last) return { revision: 'no_stream' };
    return { revision: last.revision, record: { ...(last.data as Omit<LeaseRecord, 'type'>), type: last.type as LeaseEventType } };
  }

  private async append(type: LeaseEventType, expiresAt: number, expected: ExpectedRevision): Promise<Position> {
    const metadata = {
      actor: 'projector',
      correlationId: this.holder,
      causationId: null,
      occurredAt: new Date().toISOString(),
      schemaVersion: THREAD_SCHEMA_VERSION,
    };
    const event = { eventId: randomUUID(), type, data: { holder: this.holder, expiresAt }, metadata };
    return (await this.store.append(PROJECTOR_LEASE_STREAM, [event], expected)).position;
  }
}
