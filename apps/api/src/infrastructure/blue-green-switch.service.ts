import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@forkline/event-store';
import { unwatchFile, watchFile } from 'fs';
import {
  ALL_PROJECTORS,
  currentReadStoreFile,
  LogFollower,
  ProjectionRunner,
  ReadStore,
  readStorePointerFile,
  SqliteReadStore,
} from '@forkline/read-models';
import { AppConfig, Backends } from '@forkline/platform';
import { ProjectionsService } from './projections.service';
import { APP_CONFIG, BACKENDS } from './tokens';

const POINTER_POLL_MS = 500;
const WARM_UP_TIMEOUT_MS = 600_000;

/**
 * Blue/green: `forkline projections rebuild` points DATA_DIR at a rebuilt read store. It is first
 * brought up to where the served one is (so no read goes back in time), then swapped in; commands
 * waiting for their effect keep waiting through the swap. Only the embedded (switchable) store switches.
 */
@Injectable()
export class BlueGreenSwitch {
  private readonly logger = new Logger('Projections');
  private servedFile: string;
  private switching: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BACKENDS) private readonly backends: Backends,
    private readonly projections: ProjectionsService,
  ) {
    this.servedFile = currentReadStoreFile(config.dataDir);
  }

  watch(): void {
    if (this.backends.switchable) watchFile(readStorePointerFile(this.config.dataDir), { interval: POINTER_POLL_MS }, this.onPointerChange);
  }

  /** Stops watching and lets a switch under way finish. */
  async stop(): Promise<void> {
    unwatchFile(readStorePointerFile(this.config.dataDir), this.onPointerChange);
    await this.switching;
  }

  private readonly onPointerChange = () => {
    this.switching = this.switching
      .then(() => this.switchToPointedFile())
      .catch((error) => this.logger.error(`could not switch read models: ${error}`));
  };

  private async switchToPointedFile(): Promise<void> {
    const file = currentReadStoreFile(this.config.dataDir);
    if (file === this.servedFile) return;
    const next = new SqliteReadStore(file);
    await this.warmUp(next);
    let previous: ReadStore | undefined;
    const swap = async () => {
      previous = this.backends.switchable!.switchTo(next);
    };
    // Without the projections role this process only reads: it swaps once the projector has brought `next` up.
    await (this.projections.runner ? this.projections.runner.pauseFor(swap) : swap());
    this.servedFile = file;
    await previous?.close();
    await this.projections.resumeSubscribers();
    this.logger.log(`read models switched to ${file}`);
  }

  /** Brings `next` to the position the served store has reached. */
  private async warmUp(next: ReadStore): Promise<void> {
    const served = await this.projections.checkpoint();
    if (served === undefined) return;
    if (!this.projections.runner)
      return void (await new LogFollower(this.eventStore, next, ALL_PROJECTORS).waitFor(served, WARM_UP_TIMEOUT_MS));
    const warmUp = new ProjectionRunner(this.eventStore, next, ALL_PROJECTORS, undefined, (m) => this.logger.error(m));
    await warmUp.start();
    await warmUp.waitFor(served, WARM_UP_TIMEOUT_MS);
    await warmUp.stop();
  }
}
