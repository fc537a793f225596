import type { Request, Response } from 'express';
import { langGraphCors } from './cors';

function call(origins: string[], path: string, method: string, origin?: string) {
  const headers: Record<string, string> = {};
  let status: number | undefined;
  const request = { path, method, header: (name: string) => (name === 'origin' ? origin : undefined) } as unknown as Request;
  const response = {
    setHeader: (n: string, v: string) => (headers[n] = v),
    status: (s: number) => ((status = s), { end: () => undefined }),
  } as unknown as Response;
  let nexted = false;
  langGraphCors(origins)(request, response, () => (nexted = true));
  return { headers, status, nexted };
}

describe('langGraphCors', () => {
  it('lets a listed origin call /langgraph, exposing the headers LangGraph clients read, and answers its preflight', () => {
    const get = call(['http://app.test'], '/langgraph/threads', 'GET', 'http://app.test');
    expect(get.nexted).toBe(true);
    expect(get.headers['Access-Control-Allow-Origin']).toBe('http://app.test');
    expect(get.headers['Access-Control-Expose-Headers']).toContain('content-location');
    const preflight = call(['http://app.test'], '/langgraph/threads', 'OPTIONS', 'http://app.test');
    expect([preflight.status, preflight.nexted]).toEqual([204, false]);
  });

  it('says nothing to other origins, other faces, or with no CORS_ORIGINS', () => {
    expect(call(['http://app.test'], '/langgraph/ok', 'GET', 'http://evil.test').headers).toEqual({});
    expect(call(['http://app.test'], '/threads', 'GET', 'http://app.test').headers).toEqual({});
    expect(call([], '/langgraph/ok', 'GET', 'http://app.test').headers).toEqual({});
  });
});
