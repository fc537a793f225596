import type { IncomingMessage, ServerResponse } from 'http';
import type { Logger } from 'pino';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; user?: { id: string }; id?: string; log?: Logger };
type LoggedResponse = ServerResponse & { log?: Logger };

/** The route template that answered (`/threads/:thread_id/messages`), or `unmatched` for a request refused before routing. */
export function routeOf(request: IncomingMessage): string {
  const path = (request as RoutedRequest).route?.path;
  return typeof path === 'string' ? path : 'unmatched';
}

/**
 * The request's logger: the root logger's child bound to its correlation id, made when a line is first written at an
 * enabled level. Most requests write none, and a child costs its bindings' serialization; pino-http made two per
 * request (one bound to the whole serialized request, which nothing used).
 */
export function requestLogger(root: Logger, correlationId: string): Logger {
  let child: Logger | undefined;
  const bound = () => (child ??= root.child({ correlation_id: correlationId }));
  return new Proxy(root, {
    get(target, key) {
      // A level that is off writes nothing: its no-op needs no child.
      if (typeof key === 'string' && key in target.levels.values && !target.isLevelEnabled(key)) return target[key as 'info'];
      const value = Reflect.get(bound(), key) as unknown;
      return typeof value === 'function' ? value.bind(child) : value;
    },
  });
}

/** Told of every answer once it ends (the HTTP metrics), with its duration in milliseconds. */
export type RequestEnded = (request: IncomingMessage, response: ServerResponse, durationMs: number) => void;

/**
 * One JSON line per request, once it ends: method, route template, status, duration and the user when authenticated,
 * under the request's correlation id (also sent back in X-Correlation-Id, and bound to every log line written while the
 * request is handled: nestjs-pino's request scope reads `request.log`). Never headers, query strings or bodies: keys
 * and message text stay out of the logs. A line at a level that is off costs nothing but the check. `onEnd` hears of
 * the same end, so the metrics need no listeners of their own.
 */
export function requestLog(logger: Logger, onEnd?: RequestEnded) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const started = performance.now();
    const id = correlationIdOf(request);
    response.setHeader(CORRELATION_HEADER, id);
    const log = requestLogger(logger, id);
    (request as RoutedRequest).id = id;
    (request as RoutedRequest).log ??= log;
    (response as LoggedResponse).log ??= log;
    let done = false;
    // The first of finish, close and error ends the request; the others find it done (cheaper than removing listeners).
    const ended = (error?: Error) => {
      if (done) return;
      done = true;
      const durationMs = performance.now() - started;
      onEnd?.(request, response, durationMs);
      const failed = error !== undefined || response.statusCode >= 500;
      const level = failed ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const user = (request as RoutedRequest).user;
      const summary = {
        method: request.method,
        route: routeOf(request),
        status: response.statusCode,
        duration_ms: Math.round(durationMs),
        ...(user && { user_id: user.id }),
      };
      log[level](summary, failed ? 'request failed' : 'request completed');
    };
    response.on('close', ended);
    response.on('finish', ended);
    response.on('error', ended);
    next();
  };
}
