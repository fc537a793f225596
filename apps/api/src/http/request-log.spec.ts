import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { pino } from 'pino';
import { requestLog } from './request-log';

type Handler = (request: IncomingMessage & { log?: pino.Logger }, response: ServerResponse) => void;

describe('requestLog', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server whose requests pass the middleware, then `handle`; the lines its logger writes. */
  async function serve(level: string, handle: Handler) {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const childSpy = jest.spyOn(logger, 'child');
    const middleware = requestLog(logger);
    server = createServer((request, response) => middleware(request, response, () => handle(request, response)));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { lines, childSpy, url };
  }

  const ended = async (lines: unknown[], count: number) => {
    for (let i = 0; i < 100 && lines.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('writes one line per request under its correlation id, and binds that id to what is logged while it is handled', async () => {
    const { lines, url } = await serve('info', (request, response) => {
      Object.assign(request, { route: { path: '/threads/:thread_id' }, user: { id: 'alice' } });
      request.log!.warn('while handling');
      response.end('ok');
    });
    const answer = await fetch(`${url}/threads/t1?secret=x`, { headers: { 'x-correlation-id': 'corr-1', authorization: 'Bearer k' } });
    expect(answer.headers.get('x-correlation-id')).toBe('corr-1');
    await ended(lines, 2);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, correlation_id: 'corr-1', msg: 'while handling' }),
      expect.objectContaining({ level: 30, correlation_id: 'corr-1', method: 'GET', route: '/threads/:thread_id', status: 200 }),
    ]);
    expect(lines[1]).toMatchObject({ user_id: 'alice', duration_ms: expect.any(Number), msg: 'request completed' });
    expect(JSON.stringify(lines)).not.toMatch(/secret|Bearer|authorization/);
  });

  it('logs a 5xx answer as an error, "request failed"', async () => {
    const { lines, url } = await serve('info', (_request, response) => {
      response.statusCode = 503;
      response.end();
    });
    await fetch(url);
    await ended(lines, 1);
    expect(lines).toEqual([expect.objectContaining({ level: 50, route: 'unmatched', status: 503, msg: 'request failed' })]);
  });

  it('at a level that drops request lines, writes none and makes no per-request logger', async () => {
    const { lines, childSpy, url } = await serve('error', (request, response) => {
      request.log!.info('dropped');
      response.end('ok');
    });
    await fetch(url);
    await fetch(url);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toEqual([]);
    expect(childSpy).not.toHaveBeenCalled();
  });
});
