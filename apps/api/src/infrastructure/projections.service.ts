import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position } from '@forkline/event-store';
import {
  ALL_PROJECTORS,
  LogFollower,
  ProjectedEvent,
  ProjectionRunner,
  RateCounterStore,
  READ_STORE,
  ReadStore,
} from '@forkline/read-models';
import { AppConfig } from '@forkline/platform';
import { AFTER_COMMIT_SUBSCRIBERS, AfterCommitSubscriber } from './after-commit-subscriber';
import { ProjectorLease } from './projector-lease';
import { APP_CONFIG, PROJECTOR_LEASES } from './tokens';

/**
 * Feeds the after-commit subscribers and lets commands wait for their effect. One process at a time projects (it
 * holds the projector lease: ProjectionRunner); every other process follows the log without writing (LogFollower),
 * feeds the same subscribers once the read store holds each batch, and lets commands wait on the read store's
 * checkpoint. A process with the projections role stands by and takes over when the projector's lease expires.
 */
@Injectable()
export class ProjectionsService {
  private readonly logger = new Logger('Projections');
  /** Who projects: its own context, apart from the projections' warnings (which name the request that waited). */
  private readonly leaseLogger = new Logger('ProjectorLease');
  private readonly lease?: ProjectorLease;
  private projecting?: ProjectionRunner;
  private follower?: LogFollower;
  private timer?: NodeJS.Timeout;
  /** Until when this process's lease holds (its clock), while it projects. */
  private heldUntil = 0;
  private turn: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AFTER_COMMIT_SUBSCRIBERS) private readonly subscribers: AfterCommitSubscriber[],
    @Inject(PROJECTOR_LEASES) leases: RateCounterStore,
  ) {
    if (config.roles.includes('projections')) this.lease = new ProjectorLease(leases, config.runLeaseMs);
  }

  /** The runner, while this process projects (the blue/green switch pauses it). */
  get runner(): ProjectionRunner | undefined {
    return this.projecting;
  }

  /** Called after each committed batch, before commands waiting for it are released. */
  private readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const subscriber of this.subscribers) subscriber.afterCommit(events);
  };

  async start(): Promise<void> {
    this.stopped = false;
    if (this.lease && (await this.lease.acquire())) await this.lead();
    else await this.follow();
    if (this.lease) this.schedule();
  }

  /** Each subscriber picks up its to-do list as the read store (just opened or just switched) holds it. */
  async resumeSubscribers(): Promise<void> {
    for (const subscriber of this.subscribers) await subscriber.resume();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.turn;
    await this.follower?.stop();
    if (this.projecting) {
      await this.projecting.stop();
      await this.lease!.release().catch((error) => this.leaseLogger.warn(`could not release the projector lease: ${error}`));
    }
  }

  /** The position every read model has applied: this process's runner's, or the read store's as the projector left it. */
  async checkpoint(): Promise<Position | undefined> {
    if (this.projecting) return this.projecting.checkpoint;
    // A follower has applied what both the read store holds and it has handed on to its subscribers.
    const [stored, handedOn] = [await this.follower!.checkpoint(), this.follower!.handedOn];
    return stored === undefined || handedOn === undefined ? undefined : stored < handedOn ? stored : handedOn;
  }

  /** Read-your-writes: waits (bounded) until every read model has applied the event at `position`. */
  async waitForReadModels(position: Position | undefined): Promise<void> {
    if (position === undefined) return;
    const timeout = this.config.readYourWritesTimeoutMs;
    const deadline = Date.now() + timeout;
    // A takeover may happen meanwhile: wait on whichever side this process is on, a slice at a time, until the deadline.
    for (;;) {
      const left = deadline - Date.now();
      const side = this.projecting ?? this.follower;
      if (side && (await side.waitFor(position, Math.max(0, Math.min(left, this.config.runLeaseMs / 3))))) return;
      if (this.stopped || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 10)); // between sides (a takeover under way)
    }
    this.logger.warn(`read models still behind position ${position} after ${timeout} ms`);
  }

  private async lead(): Promise<void> {
    await this.follower?.stopCaughtUp(); // what the previous projector committed is handed on before this one goes on
    this.follower = undefined;
    this.heldUntil = Date.now() + this.lease!.leaseMs;
    this.projecting = new ProjectionRunner(this.eventStore, this.readStore, ALL_PROJECTORS, this.afterCommit, (m) => this.logger.error(m));
    await this.projecting.start();
    await this.resumeSubscribers();
    this.leaseLogger.log(`projecting the read models (projector lease ${this.lease!.holder})`);
  }

  private async follow(): Promise<void> {
    if (this.projecting) await this.projecting.stop();
    this.projecting = undefined;
    const log = (m: string) => this.logger.error(m);
    this.follower = new LogFollower(this.eventStore, this.readStore, ALL_PROJECTORS, this.afterCommit, () => this.resumeSubscribers(), log);
    await this.follower.start();
    if (this.lease) this.leaseLogger.log('standing by: another process projects the read models');
  }

  /** Every third of the lease: the projector renews it (and stops projecting when it cannot), a standby tries to take it. */
  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.turn = this.turn.then(() => this.tryTurn()).finally(() => this.schedule());
    }, this.lease!.leaseMs / 3);
    this.timer.unref();
  }

  private async tryTurn(): Promise<void> {
    if (this.stopped) return;
    let held: boolean;
    try {
      held = await this.lease!.acquire();
      if (held) this.heldUntil = Date.now() + this.lease!.leaseMs;
    } catch (error) {
      this.leaseLogger.warn(`projector lease: ${error}`);
      held = this.projecting !== undefined && Date.now() < this.heldUntil; // a store out of reach: keep on until the expiry
    }
    if (this.stopped) return;
    if (held && !this.projecting) await this.lead();
    if (!held && this.projecting) {
      this.leaseLogger.warn('the projector lease was lost: standing by');
      await this.follow();
    }
  }
}
