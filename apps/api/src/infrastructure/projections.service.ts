import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AgentSaga } from '@forkline/agent';
import { EVENT_STORE, EventStore, Position } from '@forkline/event-store';
import { watchFile, unwatchFile } from 'fs';
import {
  ALL_PROJECTORS,
  currentReadStoreFile,
  ProjectedEvent,
  ProjectionRunner,
  READ_STORE,
  ReadStore,
  readStorePointerFile,
  SqliteReadStore,
} from '@forkline/read-models';
import { AppConfig, Backends } from '@forkline/platform';
import { StreamJanitor } from './stream-janitor';
import { APP_CONFIG, BACKENDS } from './tokens';

/** Runs every read-model projector and the agent saga on the log, and lets commands wait for their effect. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  readonly runner: ProjectionRunner;
  private servedFile: string;
  private switching: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    readonly agent: AgentSaga,
    private readonly janitor: StreamJanitor,
    @Inject(BACKENDS) private readonly backends: Backends,
  ) {
    this.servedFile = currentReadStoreFile(config.dataDir);
    // One subscription feeds every read model and the to-do lists of the agent and the janitor; each keeps its own checkpoint.
    const projectors = ALL_PROJECTORS;
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
    if (this.backends.switchable) watchFile(readStorePointerFile(this.config.dataDir), { interval: 500 }, this.onPointerChange);
  }

  /**
   * Blue/green: `forkline projections rebuild` pointed DATA_DIR at a rebuilt read store. It is first
   * brought up to where the served one is (so no read goes back in time), then swapped in; commands
   * waiting for their effect keep waiting through the swap.
   */
  private readonly onPointerChange = () => {
    this.switching = this.switching
      .then(async () => {
        const file = currentReadStoreFile(this.config.dataDir);
        if (file === this.servedFile) return;
        const next = new SqliteReadStore(file);
        const served = this.runner.checkpoint;
        if (served !== undefined) {
          const warmUp = new ProjectionRunner(this.eventStore, next, ALL_PROJECTORS, undefined, (m) => this.logger.error(m));
          await warmUp.start();
          await warmUp.waitFor(served, 600_000);
          await warmUp.stop();
        }
        let previous: ReadStore | undefined;
        await this.runner.pauseFor(async () => {
          previous = this.backends.switchable!.switchTo(next);
        });
        this.servedFile = file;
        await previous?.close();
        await this.agent.resume();
        await this.janitor.resume();
        this.logger.log(`read models switched to ${file}`);
      })
      .catch((error) => this.logger.error(`could not switch read models: ${error}`));
  };

  async onApplicationShutdown(): Promise<void> {
    unwatchFile(readStorePointerFile(this.config.dataDir), this.onPointerChange);
    await this.switching;
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
