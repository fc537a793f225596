import type { NextFunction, Request, Response } from 'express';

export const BODY_LIMIT = '1mb';
/** Far deeper than any request of the API; deeper input would only make validation recurse until the stack ends. */
export const MAX_JSON_DEPTH = 32;

interface BodyReadError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
  charset?: string;
}

/**
 * What body-parser's and raw-body's refusals (http-errors with a `type`) say to the client. They are the
 * client's mistakes, so they answer 4xx and are not logged; undefined for any other error.
 */
export function describeBodyError(error: unknown): [number, string] | undefined {
  const e = error as BodyReadError | null;
  if (typeof e !== 'object' || e === null) return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return [400, `request body is not valid JSON: ${e.message}`];
    case 'entity.too.large':
      return [413, 'request body is too large'];
    case 'entity.too.deep':
      return [400, `request body is nested deeper than ${MAX_JSON_DEPTH} levels`];
    case 'encoding.unsupported':
      return [415, 'request body has an unsupported Content-Encoding (use gzip, deflate, br or none)'];
    case 'charset.unsupported':
      return [415, 'request body has an unsupported charset (send UTF-8 JSON)'];
    case 'request.aborted':
      return [400, 'request body was aborted before it was complete'];
    case 'request.size.invalid':
      return [400, 'request body size does not match its Content-Length'];
  }
  // Other refusals while reading a body (a corrupt gzip stream, say): http-errors marks them safe to expose.
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return [e.status, 'request body could not be read'];
  }
  return undefined;
}

function deeperThan(value: unknown, limit: number): boolean {
  // Iterative, so the check itself cannot run out of stack on the input it exists to refuse.
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(next)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Runs after the JSON parser: a body nested deeper than MAX_JSON_DEPTH is refused before any pipe sees it. */
export function rejectDeepJson(request: Request, _response: Response, next: NextFunction): void {
  if (!deeperThan(request.body, MAX_JSON_DEPTH)) return next();
  next(Object.assign(new Error('request body nested too deeply'), { type: 'entity.too.deep', status: 400, expose: true }));
}
