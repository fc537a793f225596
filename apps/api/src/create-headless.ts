import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { AppConfig, ConfigError, ensureDataDir, Metrics, openBackends, openRateCounters } from '@forkline/platform';
import { loadApiKeys } from './auth/api-keys';
import { HeadlessModule } from './headless.module';
import { AppLogger, createRootLogger } from './infrastructure/app-logger';
import { ErrorBodyFilter } from './http/error-body.filter';
import { JsonReplyExpressAdapter } from './http/json-reply.adapter';
import { listenUrl } from './http/listen-url';
import { bindLogContext } from './http/log-context';
import { requestLog } from './http/request-log';
import { requestPipeline } from './http/request-pipeline';
import { securityHeaders } from './http/security-headers';
import { httpMetrics } from './metrics/http-metrics';

/** A headless process, and the URL of its /health and /metrics when METRICS_PORT gives it a listener. */
export interface Headless {
  app: INestApplicationContext;
  url?: string;
}

/**
 * Builds a process without the api role (ROLES without api; `npm run worker`): it runs its roles until SIGTERM. With
 * METRICS_PORT it also answers GET /health and GET /metrics there, through the API's own controllers and guards (the
 * same bodies, the same key and rate limit), so a worker's leases and a projector's roles can be scraped and probed.
 */
export async function createHeadless(config: AppConfig): Promise<Headless> {
  if (config.roles.includes('api')) throw new Error('a process with the api role is built by createApp');
  ensureDataDir(config.dataDir);
  // Read before anything opens: a bad keys setting fails as one line. The API process creates the first key, not this one.
  const keys = config.metricsPort === undefined ? undefined : loadApiKeys(config.env, config.dataDir, false);
  const backends = await openBackends(config);
  const logger = createRootLogger(config.logLevel);
  const metrics = new Metrics();
  const options = { bufferLogs: true, abortOnError: false };
  if (keys === undefined) {
    const app = await NestFactory.createApplicationContext(HeadlessModule.forRoot(config, backends, { logger, metrics }), options);
    return { app: await started(app) };
  }
  const listener = { keys, rateCounters: await openRateCounters(config) };
  const module = HeadlessModule.forRoot(config, backends, { logger, metrics }, listener);
  const app = await NestFactory.create<NestExpressApplication>(module, new JsonReplyExpressAdapter(), { ...options, bodyParser: false });
  serveLikeTheApi(app, config, logger, metrics);
  await started(app);
  try {
    await app.listen(config.metricsPort!, config.host);
  } catch (error) {
    // Its runs' leases are released before it exits, as on SIGTERM.
    await app.close();
    throw new ConfigError(`METRICS_PORT: cannot listen on ${config.host}:${config.metricsPort}: ${(error as Error).message}`);
  }
  return { app, url: listenUrl(app.getHttpServer()) };
}

async function started<T extends INestApplicationContext>(app: T): Promise<T> {
  app.useLogger(new AppLogger(app.get(Logger)));
  // SIGTERM stops the agent's runs (releasing their leases) and the follower, then closes the stores (and the listener).
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/** What create-app.ts does on every request that these two GET routes meet: logged and counted, the same headers and error bodies. */
function serveLikeTheApi(app: NestExpressApplication, config: AppConfig, logger: PinoLogger, metrics: Metrics): void {
  app.disable('x-powered-by');
  app.set('etag', false);
  // Decides request.ip, which the failed-auth throttle counts by.
  app.set('trust proxy', config.trustProxy);
  app.use(requestPipeline(requestLog(logger, httpMetrics(metrics)), bindLogContext, securityHeaders));
  app.useGlobalFilters(new ErrorBodyFilter());
}

/** The line a headless process prints once it runs (tests wait for it), with where its listener is. */
export function startedLine(config: AppConfig, what: string, { url }: Headless): string {
  const listening = url ? `, /health and /metrics on ${url}` : '';
  return `Forkline ${what} started (ROLES=${config.roles.join(',')}, DATA_DIR=${config.dataDir}, MODEL=${config.model}${listening})`;
}
