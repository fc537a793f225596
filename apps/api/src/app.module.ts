import { DynamicModule, Module } from '@nestjs/common';
import { LoadedKeys } from './auth/api-keys';
import { AgentsModule } from './agents/agents.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig, Backends } from '@forkline/platform';
import { RateCounterStore } from '@forkline/read-models';
import { HealthModule } from './health/health.module';
import { CoreModule } from './infrastructure/core.module';
import { ThreadsModule } from './threads/threads.module';
import { WorkflowsModule } from './workflows/workflows.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, keys: LoadedKeys, backends: Backends, rateCounters: RateCounterStore): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthModule.forRoot(config, keys, rateCounters),
        CoreModule.forRoot(config, backends),
        HealthModule,
        ThreadsModule,
        WorkflowsModule,
        AgentsModule,
      ],
    };
  }
}
