/** What this file needs of a layer of Express 5's router (the `router` package). */
interface RouterLayer {
  route?: { path?: unknown };
}

/** What this file needs of the router itself: its stack, read once at the start of each `handle`. */
export interface DispatchedRouter {
  stack: RouterLayer[];
  handle(request: { url?: string }, response: unknown, done: unknown): unknown;
}

/** A path segment that path-to-regexp reads as plain text (no parameter, wildcard, group or escape). */
const LITERAL_SEGMENT = /^[A-Za-z0-9_.~-]+$/;

/** The template's first segment, lower-cased, when it is plain text: `/langgraph/threads/:id` -> `langgraph`. */
export function literalFirstSegment(template: unknown): string | undefined {
  if (typeof template !== 'string' || !template.startsWith('/')) return undefined;
  const end = template.indexOf('/', 1);
  const segment = end < 0 ? template.slice(1) : template.slice(1, end);
  return LITERAL_SEGMENT.test(segment) ? segment.toLowerCase() : undefined;
}

/**
 * The request's first path segment, lower-cased, as the router will see it; undefined when that is not plain text (a
 * `#`, a space or a non-ASCII letter can make the router's URL parser or its case folding read it otherwise), or the
 * URL is not a plain path (`*`, an absolute URL, `//x`): such requests walk every layer.
 */
export function requestFirstSegment(url: string | undefined): string | undefined {
  if (url === undefined || url.charCodeAt(0) !== 0x2f || url.charCodeAt(1) === 0x2f) return undefined;
  let end = 1;
  while (end < url.length && url.charCodeAt(end) !== 0x2f && url.charCodeAt(end) !== 0x3f) end++;
  const segment = url.slice(1, end);
  return segment === '' || LITERAL_SEGMENT.test(segment) ? segment.toLowerCase() : undefined;
}

/** For each first segment some route template starts with, the stack without the routes that start with another. */
function stacksBySegment(stack: readonly RouterLayer[]): { bySegment: Map<string, RouterLayer[]>; other: RouterLayer[] } {
  const firsts = stack.map((layer) => (layer.route ? literalFirstSegment(layer.route.path) : undefined));
  const bySegment = new Map<string, RouterLayer[]>();
  for (const segment of new Set(firsts)) {
    if (segment !== undefined)
      bySegment.set(
        segment,
        stack.filter((_, i) => firsts[i] === undefined || firsts[i] === segment),
      );
  }
  return { bySegment, other: stack.filter((_, i) => firsts[i] === undefined) };
}

/**
 * Makes the router walk, for each request, only the layers that can answer its path: a route whose template starts
 * with a plain segment (`/langgraph/...`) can only match a path whose first segment is that text (ASCII case aside:
 * the router's expressions are case-insensitive without the `u` flag, so only A-Z fold). The router tried its ~160
 * routes one by one with a regular expression each (a LangGraph request passed ~90 before its own). Middleware,
 * routes that start with a parameter or wildcard, and everything else keep their place in every walk, so the order
 * in which layers run, OPTIONS answers and 404s are the router's own. The router reads `this.stack` once, as `handle`
 * starts: that one read gets the request's stack; any other reader (and every change) sees the whole one. The stack
 * is chosen by the URL the router is handed: a middleware that rewrote `request.url` to another first segment would
 * need its own router (none does; the WebSocket adapter's rewrite is of upgrade requests, which never reach it).
 */
export function dispatchByFirstSegment(router: DispatchedRouter): void {
  let whole = router.stack;
  let indexed: { length: number; stacks: ReturnType<typeof stacksBySegment> } | undefined;
  let next: RouterLayer[] | undefined;
  const stackFor = (url: string | undefined): RouterLayer[] => {
    const segment = requestFirstSegment(url);
    if (segment === undefined) return whole;
    // Nest adds its routes after this is installed (and anything may add more): the index follows the stack's length.
    if (indexed?.length !== whole.length) indexed = { length: whole.length, stacks: stacksBySegment(whole) };
    return indexed.stacks.bySegment.get(segment) ?? indexed.stacks.other;
  };
  Object.defineProperty(router, 'stack', {
    configurable: true,
    enumerable: true,
    get: () => {
      const stack = next ?? whole;
      next = undefined;
      return stack;
    },
    set: (stack: RouterLayer[]) => {
      whole = stack;
      indexed = undefined;
    },
  });
  const handle = router.handle;
  router.handle = function (this: DispatchedRouter, request, response, done) {
    next = stackFor(request.url);
    try {
      return handle.call(this, request, response, done);
    } finally {
      next = undefined;
    }
  };
}
