import type { Request, Response } from 'express';
import { forBodies, hasBody, requestPipeline } from './request-pipeline';

const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as Request;
const response = {} as Response;

describe('requestPipeline', () => {
  it('runs its steps in order, then the next layer', () => {
    const ran: string[] = [];
    const step = (name: string) => (_q: Request, _s: Response, next: () => void) => (ran.push(name), next());
    const next = jest.fn();
    requestPipeline(step('a'), step('b'), step('c'))(request(), response, next);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(next).toHaveBeenCalledWith(undefined);
  });

  it('stops at a step that answers, and hands an error to the router at once', () => {
    const next = jest.fn();
    const later = jest.fn();
    requestPipeline(() => undefined, later)(request(), response, next);
    expect(later).not.toHaveBeenCalled();
    expect(next).not.toHaveBeenCalled();
    const failure = new Error('bad body');
    requestPipeline((_q, _s, n) => n(failure), later)(request(), response, next);
    expect(next).toHaveBeenCalledWith(failure);
    expect(later).not.toHaveBeenCalled();
  });

  it('continues after a step that calls next later', async () => {
    const next = jest.fn();
    requestPipeline(
      (_q, _s, n) => void setImmediate(n),
      (_q, _s, n) => n(),
    )(request(), response, next);
    expect(next).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(next).toHaveBeenCalledWith(undefined);
  });
});

describe('forBodies', () => {
  it('tells a request with a body as the parsers do', () => {
    expect(hasBody(request())).toBe(false);
    expect(hasBody(request({ 'content-length': '0' }))).toBe(true);
    expect(hasBody(request({ 'content-length': '12' }))).toBe(true);
    expect(hasBody(request({ 'content-length': 'x' }))).toBe(false);
    expect(hasBody(request({ 'transfer-encoding': 'chunked' }))).toBe(true);
  });

  it('parses only requests with a body; one without has an undefined body', () => {
    const parser = jest.fn((_q: Request, _s: Response, next: () => void) => next());
    const next = jest.fn();
    const get = request();
    forBodies(parser)(get, response, next);
    expect(parser).not.toHaveBeenCalled();
    expect('body' in get && get.body === undefined).toBe(true);
    forBodies(parser)(request({ 'content-length': '2' }), response, next);
    expect(parser).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(2);
  });
});
