import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AgentSaga } from '@forkline/agent';
import { BLOB_STORE, BlobStore, EVENT_STORE, EventStore, LIVE_RECORDS, LiveRecordStore } from '@forkline/event-store';
import { RateCounterStore, READ_STORE, ReadStore } from '@forkline/read-models';
import { BlueGreenSwitch } from './blue-green-switch.service';
import { LiveRecordsJanitor } from './live-records-janitor';
import { ProjectionsService } from './projections.service';
import { PROJECTOR_LEASES } from './tokens';

/**
 * Starts the projections and stops everything in one visible order: nothing may still write to a
 * store once it is closed, so the switch settles, the agent's runs end, the projections stop, and
 * only then the event store, the read store and the live records close.
 */
@Injectable()
export class CoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly blueGreen: BlueGreenSwitch,
    private readonly agent: AgentSaga,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(LIVE_RECORDS) private readonly liveRecords: LiveRecordStore,
    @Inject(PROJECTOR_LEASES) private readonly leases: RateCounterStore,
    private readonly liveJanitor: LiveRecordsJanitor,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projections.start();
    this.blueGreen.watch();
    this.liveJanitor.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.blueGreen.stop();
    await this.liveJanitor.stop();
    await this.agent.stop();
    await this.projections.stop();
    await this.eventStore.close();
    await this.readStore.close();
    await this.liveRecords.close();
    await this.leases.close();
    await this.blobs.close();
  }
}
