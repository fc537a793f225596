import type { IncomingMessage, ServerResponse } from 'http';
import { Metrics } from '@forkline/platform';
import { RequestEnded, routeOf } from '../http/request-log';

/** Counts every answer (refusals included) by method, route template and status, with its duration; told by the request log. */
export function httpMetrics(metrics: Metrics): RequestEnded {
  return (request: IncomingMessage, response: ServerResponse, durationMs: number): void => {
    const labels = { method: request.method ?? '', route: routeOf(request), status: String(response.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, durationMs / 1000);
  };
}
