import { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { AppConfig, Metrics } from '@forkline/platform';
import { httpMetrics } from '../metrics/http-metrics';
import { ErrorBodyFilter } from './error-body.filter';
import { bindLogContext } from './log-context';
import { requestLog } from './request-log';
import { requestPipeline } from './request-pipeline';
import { securityHeaders } from './security-headers';

type Step = Parameters<typeof requestPipeline>[number];

/**
 * What every Forkline HTTP app (the API, a headless process's listener) sets on Express and runs on each request, then
 * `steps`. One router layer for what runs on every request (request-pipeline.ts): the request log first, so every answer
 * is logged and counted, refusals before routing (body too large, bad JSON) included; then what is logged while the
 * request is handled carries its correlation id (log-context.ts).
 */
export function useHttpBasics(app: NestExpressApplication, config: AppConfig, ops: { logger: Logger; metrics: Metrics }, ...steps: Step[]) {
  app.disable('x-powered-by');
  // Answers are read fresh from the stores and no route offers conditional requests: hashing every body for an ETag
  // (a LangGraph history page at 1,000 turns is megabytes) is work no client uses.
  app.set('etag', false);
  // Decides request.ip, which the failed-auth throttle and the rate limit of public routes count by.
  app.set('trust proxy', config.trustProxy);
  app.use(requestPipeline(requestLog(ops.logger, httpMetrics(ops.metrics)), bindLogContext, securityHeaders, ...steps));
  app.useGlobalFilters(new ErrorBodyFilter());
}
