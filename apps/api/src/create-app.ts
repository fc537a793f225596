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
import { httpMetrics } from './metrics/http-metrics';
import { mountApiDocs } from './http/api-docs';
import { ErrorBodyFilter } from './http/error-body.filter';
import { requestLog } from './http/request-log';
import { BODY_LIMIT, rejectDeepJson } from './http/request-body';
import { securityHeaders } from './http/security-headers';
import { langGraphCors } from './http/cors';
import { bindLogContext } from './http/log-context';
import { forBodies, requestPipeline } from './http/request-pipeline';
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
  app.disable('x-powered-by');
  // Answers are read fresh from the stores and no route offers conditional requests: hashing every body for an ETag
  // (a LangGraph history page at 1,000 turns is megabytes) is work no client uses.
  app.set('etag', false);
  // Each request walks only the routes its first path segment can reach (route-dispatch.ts).
  dispatchByFirstSegment((app.getHttpAdapter().getInstance() as { router: unknown }).router as DispatchedRouter);
  // Decides request.ip, which the failed-auth throttle and the rate limit of public routes count by.
  app.set('trust proxy', config.trustProxy);
  // One router layer for what runs on every request (request-pipeline.ts). The request log first, so every answer is
  // logged and counted, refusals before routing (body too large, bad JSON) included; then what is logged while the
  // request is handled carries its correlation id (log-context.ts). A request without a body skips the body parsers.
  app.use(
    requestPipeline(
      requestLog(logger, httpMetrics(metrics)),
      bindLogContext,
      securityHeaders,
      langGraphCors(config.corsOrigins),
      forBodies(json({ limit: BODY_LIMIT }), rejectDeepJson),
    ),
  );
  app.useGlobalFilters(new ErrorBodyFilter());
  app.useGlobalPipes(validationPipe);
  // The workflow chat face's WebSocket (/ws/) on the HTTP server's own port.
  app.useWebSocketAdapter(new TrailingSlashWsAdapter(app));
  mountApiDocs(app);
  app.enableShutdownHooks();
  return app;
}
