import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type RunOutcome = 'completed' | 'failed' | 'stopped';

/** Seconds: from a fast read to a slow model answer (and a long-lived stream). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * One process's Prometheus instruments, in a registry of its own (not prom-client's global one), so several apps in one
 * process (the tests) each count only their own. Gauges whose value lives elsewhere are read at scrape time: give them
 * their source with `observe*`; the run counters are incremented from the durable events a process projects.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'forkline_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'forkline_http_request_duration_seconds',
    help: 'Time from a request to the end of its answer (a stream: until it closes), by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly runs = new Counter({
    name: 'forkline_runs_total',
    help: 'Agent runs ended, by outcome, as this process projected their end events',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly runDuration = new Histogram({
    name: 'forkline_run_duration_seconds',
    help: 'Agent run latency as the run recorded it (StatRecorded), by outcome and mode',
    labelNames: ['outcome', 'mode'] as const,
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  readonly runTokens = new Counter({
    name: 'forkline_run_tokens_total',
    help: 'Model tokens of ended runs (as the provider reported them, else estimated), by outcome and kind (input, output)',
    labelNames: ['outcome', 'kind'] as const,
    registers: [this.registry],
  });

  private lagSource: () => Promise<bigint | undefined> = async () => undefined;
  private subscriberSource: () => number = () => 0;

  readonly projectionLag: Gauge = new Gauge({
    name: 'forkline_projection_lag_positions',
    help: "Log positions between the event store's head and what every read model has applied (SQLite: events; EventStoreDB: bytes)",
    registers: [this.registry],
    // An unknown lag (a store not answering) leaves the last value.
    collect: async (): Promise<void> => {
      const lag = await this.lagSource().catch(() => undefined);
      if (lag !== undefined) this.projectionLag.set(Number(lag > 0n ? lag : 0n));
    },
  });

  readonly liveSubscribers: Gauge = new Gauge({
    name: 'forkline_live_subscribers',
    help: 'Clients following a thread (SSE) on this process',
    registers: [this.registry],
    collect: (): void => this.liveSubscribers.set(this.subscriberSource()),
  });

  private leaseSource: () => { held: number; takenOver: number } = () => ({ held: 0, takenOver: 0 });
  private takeoversCounted = 0;

  readonly leasesHeld: Gauge = new Gauge({
    name: 'forkline_worker_leases_held',
    help: 'Run leases this process holds now (one per run it is executing)',
    registers: [this.registry],
    collect: (): void => this.leasesHeld.set(this.leaseSource().held),
  });

  readonly leasesTakenOver: Counter = new Counter({
    name: 'forkline_worker_leases_taken_over_total',
    help: "Run leases this process took over after another worker's lease expired",
    registers: [this.registry],
    // The leases count their takeovers; the counter catches up with that count when scraped.
    collect: (): void => {
      const { takenOver } = this.leaseSource();
      if (takenOver > this.takeoversCounted) this.leasesTakenOver.inc(takenOver - this.takeoversCounted);
      this.takeoversCounted = Math.max(this.takeoversCounted, takenOver);
    },
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The projection lag is computed when scraped; `lag` answers undefined when it cannot tell. */
  observeProjectionLag(lag: () => Promise<bigint | undefined>): void {
    this.lagSource = lag;
  }

  observeLiveSubscribers(count: () => number): void {
    this.subscriberSource = count;
  }

  observeLeases(leases: () => { held: number; takenOver: number }): void {
    this.leaseSource = leases;
  }

  /** The text exposition format, and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
