import type { NextFunction, Request, Response } from 'express';

/** What a LangGraph client reads of an answer: the run it started (Content-Location), where to reconnect (Location), paging. */
const EXPOSED = 'content-location, location, x-pagination-total, x-pagination-next';
const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * CORS for the LangGraph face (/langgraph) and nothing else: a browser app on one of CORS_ORIGINS may call it. A preflight
 * is answered here, before authentication (browsers send no key with it).
 */
export function langGraphCors(origins: string[]) {
  const any = origins.includes('*');
  return (request: Request, response: Response, next: NextFunction): void => {
    const origin = request.header('origin');
    if (!origin || !(request.path === '/langgraph' || request.path.startsWith('/langgraph/')) || !(any || origins.includes(origin)))
      return next();
    response.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
    response.setHeader('Vary', 'Origin');
    response.setHeader('Access-Control-Expose-Headers', EXPOSED);
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (request.method !== 'OPTIONS') return next();
    response.setHeader('Access-Control-Allow-Methods', METHODS);
    response.setHeader(
      'Access-Control-Allow-Headers',
      request.header('access-control-request-headers') ?? 'authorization, content-type, x-api-key',
    );
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  };
}
