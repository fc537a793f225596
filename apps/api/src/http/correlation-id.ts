import type { IncomingMessage } from 'http';
import { randomUUID } from 'crypto';

/** The response header that tells the client which correlation id its request ran under. */
export const CORRELATION_HEADER = 'X-Correlation-Id';
const SANE = /^[\w.:-]{1,128}$/;

type Correlated = IncomingMessage & { correlationId?: string };

/**
 * The request's correlation id: the client's X-Correlation-Id (or X-Request-Id, as proxies set it) when it is a sane
 * token, else a new uuid. Decided once per request, so its log lines and the events it appends carry the same one.
 */
export function correlationIdOf(request: IncomingMessage): string {
  const correlated = request as Correlated;
  if (correlated.correlationId === undefined) {
    const sent = [request.headers['x-correlation-id'], request.headers['x-request-id']].find(
      (value): value is string => typeof value === 'string' && SANE.test(value),
    );
    correlated.correlationId = sent ?? randomUUID();
  }
  return correlated.correlationId;
}
