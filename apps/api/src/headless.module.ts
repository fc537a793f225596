import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppConfig, Backends, Metrics } from '@forkline/platform';
import { CoreModule } from './infrastructure/core.module';

/**
 * A process without the api role: the stores, the projections (or the log follower) and the agent, and no HTTP face
 * but, with METRICS_PORT, the modules of its listener (headless-listener.ts).
 */
@Module({})
export class HeadlessModule {
  static forRoot(
    config: AppConfig,
    backends: Backends,
    ops: { logger: Logger; metrics: Metrics },
    listener: DynamicModule['imports'] = [],
  ): DynamicModule {
    return {
      module: HeadlessModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: ops.logger }, useExisting: true, forRoutes: [] }),
        CoreModule.forRoot(config, backends, ops.metrics),
        ...listener,
      ],
    };
  }
}
