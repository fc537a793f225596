import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AgentSaga } from '@forkline/agent';
import { EVENT_STORE, EventStore, Position } from '@forkline/event-store';
import { ProjectedEvent, ProjectionRunner, READ_MODEL_PROJECTORS, READ_STORE, ReadStore } from '@forkline/read-models';
import { StreamJanitor } from './stream-janitor';
import { APP_CONFIG } from './tokens';
import { AppConfig } from '../config/app-config';

/** Runs every read-model projector and the agent saga on the log, and lets commands wait for their effect. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    readonly agent: AgentSaga,
    private readonly janitor: StreamJanitor,
  ) {
    // One subscription feeds every read model and the to-do lists of the agent and the janitor; each keeps its own checkpoint.
    const projectors = [...READ_MODEL_PROJECTORS, agent.projector, janitor.projector];
    const afterCommit = (events: ProjectedEvent[]) => {
      agent.afterCommit(events);
      janitor.afterCommit(events);
    };
    this.runner = new ProjectionRunner(eventStore, readStore, projectors, afterCommit, (m) => this.logger.error(m));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
    await this.agent.resume();
    await this.janitor.resume();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.stop();
    await this.runner.stop();
    await this.eventStore.close();
    await this.readStore.close();
  }

  /** Read-your-writes: waits (bounded) until every read model has applied the event at `position`. */
  async waitForReadModels(position: Position | undefined): Promise<void> {
    if (position === undefined) return;
    const reached = await this.runner.waitFor(position, this.config.readYourWritesTimeoutMs);
    if (!reached) this.logger.warn(`read models still behind position ${position} after ${this.config.readYourWritesTimeoutMs} ms`);
  }
}
