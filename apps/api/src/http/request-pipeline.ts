import type { IncomingMessage } from 'http';
import type { Request, Response } from 'express';

type Middleware = (request: Request, response: Response, next: (error?: unknown) => void) => void;

/**
 * Several middlewares run as one layer of the router: each `next` of a layer costs the router a walk step (the path
 * parsed again, a match, a params merge, a try/catch frame), and these run on every request. Same order, same
 * contract: a step that answers does not call `next`; an error passed to `next` goes to the router as it would have.
 */
export function requestPipeline(...steps: Middleware[]): Middleware {
  return (request, response, next) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined || index === steps.length) return next(error);
      steps[index++](request, response, step);
    };
    step();
  };
}

/**
 * A request with a body, as the body parsers judge it (type-is's hasBody): a Transfer-Encoding or a numeric
 * Content-Length. A GET has none, and the parsers would only find that out after their own checks.
 */
export function hasBody(request: IncomingMessage): boolean {
  const headers = request.headers;
  return headers['transfer-encoding'] !== undefined || !isNaN(headers['content-length'] as unknown as number);
}

/** Runs `steps` for a request with a body; one without gets `request.body = undefined`, as the JSON parser would set it. */
export function forBodies(...steps: Middleware[]): Middleware {
  const run = requestPipeline(...steps);
  return (request, response, next) => {
    if (hasBody(request)) return run(request, response, next);
    if (!('body' in request)) (request as { body?: unknown }).body = undefined;
    next();
  };
}
