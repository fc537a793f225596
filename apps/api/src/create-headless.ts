import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, ensureDataDir, Metrics, openBackends } from '@forkline/platform';
import { HeadlessModule } from './headless.module';
import { AppLogger, createRootLogger } from './infrastructure/app-logger';

/** Builds a process that opens no port (ROLES without api; `npm run worker`): it runs its roles until SIGTERM. */
export async function createHeadless(config: AppConfig): Promise<INestApplicationContext> {
  if (config.roles.includes('api')) throw new Error('a process with the api role is built by createApp');
  ensureDataDir(config.dataDir);
  const backends = await openBackends(config);
  const logger = createRootLogger(config.logLevel);
  const app = await NestFactory.createApplicationContext(HeadlessModule.forRoot(config, backends, { logger, metrics: new Metrics() }), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new AppLogger(app.get(Logger)));
  // SIGTERM stops the agent's runs (releasing their leases) and the follower, then closes the stores.
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/** The line a headless process prints once it runs (tests wait for it). */
export function startedLine(config: AppConfig, what: string): string {
  return `Forkline ${what} started (ROLES=${config.roles.join(',')}, DATA_DIR=${config.dataDir}, MODEL=${config.model})`;
}
