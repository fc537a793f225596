import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position } from '@forkline/event-store';
import { ALL_PROJECTORS, ProjectedEvent, ProjectionRunner, READ_STORE, ReadStore } from '@forkline/read-models';
import { AppConfig } from '@forkline/platform';
import { AFTER_COMMIT_SUBSCRIBERS, AfterCommitSubscriber } from './after-commit-subscriber';
import { APP_CONFIG } from './tokens';

/** Runs every read-model projector on the log, feeds the after-commit subscribers, and lets commands wait for their effect. */
@Injectable()
export class ProjectionsService {
  private readonly logger = new Logger('Projections');
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AFTER_COMMIT_SUBSCRIBERS) private readonly subscribers: AfterCommitSubscriber[],
  ) {
    // One subscription feeds every read model, the subscribers' to-do lists among them; each keeps its own checkpoint.
    this.runner = new ProjectionRunner(eventStore, readStore, ALL_PROJECTORS, this.afterCommit, (m) => this.logger.error(m));
  }

  /** Called after each committed batch, before commands waiting for it are released. */
  private readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const subscriber of this.subscribers) subscriber.afterCommit(events);
  };

  async start(): Promise<void> {
    await this.runner.start();
    await this.resumeSubscribers();
  }

  /** Each subscriber picks up its to-do list as the read store (just opened or just switched) holds it. */
  async resumeSubscribers(): Promise<void> {
    for (const subscriber of this.subscribers) await subscriber.resume();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Read-your-writes: waits (bounded) until every read model has applied the event at `position`. */
  async waitForReadModels(position: Position | undefined): Promise<void> {
    if (position === undefined) return;
    const reached = await this.runner.waitFor(position, this.config.readYourWritesTimeoutMs);
    if (!reached) this.logger.warn(`read models still behind position ${position} after ${this.config.readYourWritesTimeoutMs} ms`);
  }
}
