import type { NextFunction, Request, Response } from 'express';
import { Metrics } from '@forkline/platform';
import { routeOf } from '../http/request-log';

/** Counts every answer (refusals included) by method, route template and status, with its duration, once it closes. */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('close', () => {
      const labels = { method: request.method, route: routeOf(request), status: String(response.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
