import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AgentSaga } from '@forkline/agent';
import { EVENT_STORE, EventStore } from '@forkline/event-store';
import { Metrics, withTimeout } from '@forkline/platform';
import { ProjectionsService } from '../infrastructure/projections.service';
import { ThreadFeed } from '../infrastructure/thread-feed/thread-feed';

const HEAD_TIMEOUT_MS = 2000;

/** Tells the gauges read at scrape time where their values live. */
@Injectable()
export class MetricSources implements OnModuleInit {
  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: ProjectionsService,
    private readonly feed: ThreadFeed,
    private readonly agent: AgentSaga,
  ) {}

  onModuleInit(): void {
    // Positions are ordering keys (event counts on SQLite, log bytes on EventStoreDB): the lag is their distance, as /health says.
    this.metrics.observeProjectionLag(async () => {
      const head = await withTimeout(this.eventStore.headPosition(), HEAD_TIMEOUT_MS);
      return head === undefined ? 0n : head - (this.projections.runner.checkpoint ?? 0n);
    });
    this.metrics.observeLiveSubscribers(() => this.feed.subscriberCount());
    this.metrics.observeLeases(() => ({ held: this.agent.leases.held, takenOver: this.agent.leases.takenOver }));
  }
}
