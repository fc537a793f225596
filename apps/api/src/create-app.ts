import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadApiKeys } from './auth/api-keys';
import { AppConfig, ensureDataDir, Metrics, openBackends, openRateCounters } from '@forkline/platform';
import { AppLogger, createRootLogger } from './infrastructure/app-logger';
import { mountApiDocs } from './http/api-docs';
import { BODY_LIMIT, rejectDeepJson } from './http/request-body';
import { langGraphCors } from './http/cors';
import { forBodies } from './http/request-pipeline';
import { useHttpBasics } from './http/http-basics';
import { dispatchByFirstSegment, DispatchedRouter } from './http/route-dispatch';
import { validationPipe } from './http/validation.pipe';
import { JsonReplyExpressAdapter } from './http/json-reply.adapter';
import { TrailingSlashWsAdapter } from './workflow-chat/socket/ws-adapter';

/** Builds the HTTP app (used by main.ts and by the end-to-end tests alike); it logs JSON lines at LOG_LEVEL. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  // Everything that can be a configuration mistake is checked before Nest starts, so it fails as one line.
  ensureDataDir(config.dataDir);
  const keys = loadApiKeys(config.env, config.dataDir);
  const backends = await openBackends(config);
  const rateCounters = await openRateCounters(config);
  const logger = createRootLogger(config.logLevel);
  const metrics = new Metrics();
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, keys, backends, { logger, metrics }, rateCounters),
    new JsonReplyExpressAdapter(),
    {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    },
  );
  app.useLogger(new AppLogger(app.get(Logger)));
  // Each request walks only the routes its first path segment can reach (route-dispatch.ts).
  dispatchByFirstSegment((app.getHttpAdapter().getInstance() as { router: unknown }).router as DispatchedRouter);
  // A request without a body skips the body parsers.
  useHttpBasics(
    app,
    config,
    { logger, metrics },
    langGraphCors(config.corsOrigins),
    forBodies(json({ limit: BODY_LIMIT }), rejectDeepJson),
  );
  app.useGlobalPipes(validationPipe);
  // The workflow chat face's WebSocket (/ws/) on the HTTP server's own port.
  app.useWebSocketAdapter(new TrailingSlashWsAdapter(app));
  mountApiDocs(app);
  app.enableShutdownHooks();
  return app;
}
