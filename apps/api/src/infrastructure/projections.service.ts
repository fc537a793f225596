import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position } from '@forkline/event-store';
import { ALL_PROJECTORS, LogFollower, ProjectedEvent, ProjectionRunner, READ_STORE, ReadStore } from '@forkline/read-models';
import { AppConfig } from '@forkline/platform';
import { AFTER_COMMIT_SUBSCRIBERS, AfterCommitSubscriber } from './after-commit-subscriber';
import { APP_CONFIG } from './tokens';

/**
 * With the `projections` role: runs every read-model projector on the log, feeds the after-commit subscribers,
 * and lets commands wait for their effect. Without it: follows the log without writing (LogFollower), feeds the
 * same subscribers once the read store holds each batch, and commands wait on the read store's checkpoint.
 */
@Injectable()
export class ProjectionsService {
  private readonly logger = new Logger('Projections');
  /** Set only in a process with the projections role. */
  readonly runner?: ProjectionRunner;
  private readonly follower?: LogFollower;

  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AFTER_COMMIT_SUBSCRIBERS) private readonly subscribers: AfterCommitSubscriber[],
  ) {
    const log = (m: string) => this.logger.error(m);
    // One subscription feeds every read model, the subscribers' to-do lists among them; each keeps its own checkpoint.
    if (config.roles.includes('projections'))
      this.runner = new ProjectionRunner(eventStore, readStore, ALL_PROJECTORS, this.afterCommit, log);
    else this.follower = new LogFollower(eventStore, readStore, ALL_PROJECTORS, this.afterCommit, () => this.resumeSubscribers(), log);
  }

  /** Called after each committed batch, before commands waiting for it are released. */
  private readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const subscriber of this.subscribers) subscriber.afterCommit(events);
  };

  async start(): Promise<void> {
    if (this.follower) return this.follower.start(); // it resumes the subscribers once the read store reached the head
    await this.runner!.start();
    await this.resumeSubscribers();
  }

  /** Each subscriber picks up its to-do list as the read store (just opened or just switched) holds it. */
  async resumeSubscribers(): Promise<void> {
    for (const subscriber of this.subscribers) await subscriber.resume();
  }

  stop(): Promise<void> {
    return this.runner ? this.runner.stop() : this.follower!.stop();
  }

  /** The position every read model has applied: this process's runner's, or the read store's as the projector left it. */
  async checkpoint(): Promise<Position | undefined> {
    return this.runner ? this.runner.checkpoint : this.follower!.checkpoint();
  }

  /** Read-your-writes: waits (bounded) until every read model has applied the event at `position`. */
  async waitForReadModels(position: Position | undefined): Promise<void> {
    if (position === undefined) return;
    const timeout = this.config.readYourWritesTimeoutMs;
    const reached = this.runner ? await this.runner.waitFor(position, timeout) : await this.follower!.waitFor(position, timeout);
    if (!reached) this.logger.warn(`read models still behind position ${position} after ${timeout} ms`);
  }
}
