import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, ensureDataDir, Metrics, openBackends } from '@forkline/platform';
import { HeadlessModule } from './headless.module';
import { AppLogger, createRootLogger } from './infrastructure/app-logger';
import { listenUrl } from './http/listen-url';

/** A headless process, and the URL of its /health and /metrics when METRICS_PORT gives it a listener. */
export interface Headless {
  app: INestApplicationContext;
  url?: string;
}

/**
 * Builds a process without the api role (ROLES without api; `npm run worker`): it runs its roles until SIGTERM. With
 * METRICS_PORT it also answers GET /health and GET /metrics there (headless-listener.ts), so a worker's leases and a
 * projector's roles can be scraped and probed.
 */
export async function createHeadless(config: AppConfig): Promise<Headless> {
  if (config.roles.includes('api')) throw new Error('a process with the api role is built by createApp');
  ensureDataDir(config.dataDir);
  const backends = await openBackends(config);
  const ops = { logger: createRootLogger(config.logLevel), metrics: new Metrics() };
  if (config.metricsPort === undefined) {
    const app = await NestFactory.createApplicationContext(HeadlessModule.forRoot(config, backends, ops), {
      bufferLogs: true,
      abortOnError: false,
    });
    return { app: await started(app) };
  }
  const { createHeadlessListener } = await import('./headless-listener');
  const app = await started(await createHeadlessListener(config, backends, ops));
  try {
    await app.listen(config.metricsPort, config.host);
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

/** The line a headless process prints once it runs (tests wait for it), with where its listener is. */
export function startedLine(config: AppConfig, what: string, { url }: Headless): string {
  const listening = url ? `, /health and /metrics on ${url}` : '';
  return `Forkline ${what} started (ROLES=${config.roles.join(',')}, DATA_DIR=${config.dataDir}, MODEL=${config.model}${listening})`;
}
