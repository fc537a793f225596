import type { NextFunction, Request, Response } from 'express';

/** What this file needs of a layer of Express 5's router (the `router` package). */
interface RouterLayer {
  route?: unknown;
  path?: unknown;
  match(path: string): unknown;
}

/** A first path segment that path-to-regexp reads as plain text (no parameter, wildcard, group or escape). */
const LITERAL_SEGMENT = /^[A-Za-z0-9_.~-]+$/;

let lastPath: string | undefined;
let lastSegment = '';

/** The request path's first segment, lower-cased; remembered for the path last asked, as every layer asks for the same one. */
function firstSegmentOf(path: string): string {
  if (path !== lastPath) {
    const end = path.indexOf('/', 1);
    lastSegment = (end < 0 ? path.slice(1) : path.slice(1, end)).toLowerCase();
    lastPath = path;
  }
  return lastSegment;
}

/** The template's first segment, lower-cased, when it is plain text: `/langgraph/threads/:id` -> `langgraph`. */
export function literalFirstSegment(template: unknown): string | undefined {
  if (typeof template !== 'string' || !template.startsWith('/')) return undefined;
  const end = template.indexOf('/', 1);
  const segment = end < 0 ? template.slice(1) : template.slice(1, end);
  return LITERAL_SEGMENT.test(segment) ? segment.toLowerCase() : undefined;
}

/**
 * Express tries the app's routes one by one with a regular expression each (160 routes; a LangGraph request passes
 * about 90 before its own). A route whose template starts with a plain segment can only match a path whose first
 * segment is that text (ASCII case aside: the router's expressions are case-insensitive without the `u` flag, so only
 * A-Z fold), so a string comparison answers "no" for the others before their expression runs. Anything else (a
 * parameter or wildcard first, an array or RegExp path) is left to the router as it is. Returns how many it filtered.
 */
export function prefilterRoutes(stack: readonly unknown[]): number {
  let filtered = 0;
  for (const layer of stack as RouterLayer[]) {
    const segment = layer.route ? literalFirstSegment((layer.route as { path?: unknown }).path) : undefined;
    if (segment === undefined || Object.prototype.hasOwnProperty.call(layer, 'match')) continue;
    const match = layer.match;
    layer.match = function (this: RouterLayer, path: string) {
      return typeof path === 'string' && firstSegmentOf(path) !== segment ? false : match.call(this, path);
    };
    filtered++;
  }
  return filtered;
}

/**
 * A middleware that prefilters the app's routes at its first request: Nest registers them at start-up, after the
 * middlewares, so they are all there by the time a request comes.
 */
export function routePrefilter(router: () => { stack: readonly unknown[] }) {
  let done = false;
  return (_request: Request, _response: Response, next: NextFunction): void => {
    if (!done) {
      done = true;
      prefilterRoutes(router().stack);
    }
    next();
  };
}
