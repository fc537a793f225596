import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { AppConfig, Backends, Metrics, openRateCounters } from '@forkline/platform';
import { loadApiKeys } from './auth/api-keys';
import { AuthModule } from './auth/auth.module';
import { HeadlessModule } from './headless.module';
import { HealthModule } from './health/health.module';
import { useHttpBasics } from './http/http-basics';
import { JsonReplyExpressAdapter } from './http/json-reply.adapter';
import { MetricsModule } from './metrics/metrics.module';

/**
 * A headless process as an HTTP app that answers GET /health and GET /metrics alone, through the API's own controllers
 * and guards: the same bodies, the same key and rate limit. Loaded only with METRICS_PORT (a worker without it does
 * not load Express, the guards and the API docs' decorators). Not yet listening: the caller starts it, then listens.
 */
export async function createHeadlessListener(
  config: AppConfig,
  backends: Backends,
  ops: { logger: Logger; metrics: Metrics },
): Promise<NestExpressApplication> {
  // The API process creates the first key and prints it, where the operator looks for it; this one waits for its file.
  const keys = loadApiKeys(config.env, config.dataDir, false);
  const auth = AuthModule.forRoot(config, keys, await openRateCounters(config));
  const module = HeadlessModule.forRoot(config, backends, ops, [auth, HealthModule, MetricsModule]);
  const app = await NestFactory.create<NestExpressApplication>(module, new JsonReplyExpressAdapter(), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  // What create-app.ts does on every request that these two GET routes meet: logged and counted, the same headers and error bodies.
  useHttpBasics(app, config, ops);
  return app;
}
