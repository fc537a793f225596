import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { LoadedKeys } from './auth/api-keys';
import { AgentsModule } from './agents/agents.module';
import { AuthModule } from './auth/auth.module';
import { DifyModule } from './dify/dify.module';
import { DifyWebModule } from './dify-web/dify-web.module';
import { AppConfig, Backends, Metrics } from '@forkline/platform';
import { RateCounterStore } from '@forkline/read-models';
import { HealthModule } from './health/health.module';
import { LangGraphModule } from './langgraph/langgraph.module';
import { CoreModule } from './infrastructure/core.module';
import { MetricsModule } from './metrics/metrics.module';
import { ThreadsModule } from './threads/threads.module';
import { WorkflowChatModule } from './workflow-chat/workflow-chat.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { WorkflowChatLiveModule } from './workflow-chat/workflow-chat-live.module';
import { LangGraphRunsModule } from './langgraph/runs/langgraph-runs.module';
import { PlaygroundModule } from './playground/playground.module';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    keys: LoadedKeys,
    backends: Backends,
    ops: { logger: Logger; metrics: Metrics },
    rateCounters: RateCounterStore,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The request logger itself is express middleware (create-app.ts), and so is the binding of its per-request child
        // to what Nest's loggers write while a request is handled (http/log-context.ts): no routes for nestjs-pino's own.
        LoggerModule.forRoot({ pinoHttp: { logger: ops.logger }, useExisting: true, forRoutes: [] }),
        AuthModule.forRoot(config, keys, rateCounters),
        CoreModule.forRoot(config, backends, ops.metrics),
        HealthModule,
        MetricsModule,
        ThreadsModule,
        WorkflowsModule,
        AgentsModule,
        WorkflowChatModule,
        WorkflowChatLiveModule,
        DifyModule,
        LangGraphRunsModule,
        PlaygroundModule,
        LangGraphModule,
        DifyWebModule,
      ],
    };
  }
}
