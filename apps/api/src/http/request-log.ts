import type { IncomingMessage, ServerResponse } from 'http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; user?: { id: string } };

/** The route template that answered (`/threads/:thread_id/messages`), or `unmatched` for a request refused before routing. */
export function routeOf(request: IncomingMessage): string {
  const path = (request as RoutedRequest).route?.path;
  return typeof path === 'string' ? path : 'unmatched';
}

/**
 * One JSON line per request, once it ends: method, route template, status, duration and the user when authenticated,
 * under the request's correlation id (also sent back in X-Correlation-Id, and bound to every log line written while the
 * request is handled). Never headers, query strings or bodies: keys and message text stay out of the logs.
 */
export function requestLog(logger: Logger) {
  const summary = (request: IncomingMessage, response: ServerResponse, durationMs: number) => ({
    method: request.method,
    route: routeOf(request),
    status: response.statusCode,
    duration_ms: durationMs,
    ...((request as RoutedRequest).user && { user_id: (request as RoutedRequest).user!.id }),
  });
  return pinoHttp({
    logger,
    genReqId: (request, response) => {
      const id = correlationIdOf(request);
      response.setHeader(CORRELATION_HEADER, id);
      return id;
    },
    customAttributeKeys: { reqId: 'correlation_id', responseTime: 'duration_ms' },
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (request, response, fields) => summary(request, response, fields.duration_ms),
    customErrorObject: (request, response, _error, fields) => summary(request, response, fields.duration_ms),
  });
}
