import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppConfig, Backends, Metrics } from '@forkline/platform';
import { RateCounterStore } from '@forkline/read-models';
import { LoadedKeys } from './auth/api-keys';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { CoreModule } from './infrastructure/core.module';
import { MetricsModule } from './metrics/metrics.module';

/** What a headless process's listener (METRICS_PORT) needs to hold its routes to the API's key and rate limit rules. */
export interface HeadlessListener {
  keys: LoadedKeys;
  rateCounters: RateCounterStore;
}

/**
 * A process without the api role: the stores, the projections (or the log follower) and the agent. With a listener, the
 * API's own /health and /metrics (controllers, keys, rate limit) and nothing else; without one, no HTTP face.
 */
@Module({})
export class HeadlessModule {
  static forRoot(
    config: AppConfig,
    backends: Backends,
    ops: { logger: Logger; metrics: Metrics },
    listener?: HeadlessListener,
  ): DynamicModule {
    return {
      module: HeadlessModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: ops.logger }, useExisting: true, forRoutes: [] }),
        CoreModule.forRoot(config, backends, ops.metrics),
        ...(listener ? [AuthModule.forRoot(config, listener.keys, listener.rateCounters), HealthModule, MetricsModule] : []),
      ],
    };
  }
}
