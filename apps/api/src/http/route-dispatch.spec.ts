import express from 'express';
import { AddressInfo } from 'net';
import { Server } from 'http';
import { rawHttp } from '../../../../test/support/raw-http';
import { dispatchByFirstSegment, DispatchedRouter, literalFirstSegment, requestFirstSegment } from './route-dispatch';

const TEMPLATES = [
  '/langgraph/ok',
  '/langgraph/threads/:thread_id/runs/wait',
  '/Docs',
  '/docs/swagger-ui-init.js',
  '/v1/chat-messages',
  '/:param/x',
  '/files{/*rest}',
  '/',
  '/langgraph/info',
];
const PATHS = [
  '/langgraph/ok',
  '/LangGraph/OK',
  '/langgraph/ok/',
  '/langgraph/ok?x=1',
  '/langgraph/ok#frag',
  '/langgraph#x/ok',
  '/langgraph/threads/t-1/runs/wait',
  '/langgraph/threads/%E2%82%AC/runs/wait',
  '/langgraph',
  '/langgraph?x',
  '/langgraphx/ok',
  '/%6Cangraph/ok',
  '/docs',
  '/DOCS/',
  '/docs?q=1',
  '/docs/swagger-ui-init.js',
  '/v1/chat-messages',
  '/V1/Chat-Messages',
  '/anything/x',
  '/langgraph/x',
  '/files',
  '/files/a/b',
  '/',
  '/?x=1',
  '//langgraph/ok',
  '/\u212Aey/x',
  '/doc\u017F',
  '/langgraph/info',
  '*',
];

/** An app whose every route answers its template, after a middleware that answers /mw/*; `dispatched` installs the dispatch. */
async function serve(dispatched: boolean): Promise<{ server: Server; url: string; matched: string[] }> {
  const app = express();
  const matched: string[] = [];
  if (dispatched) dispatchByFirstSegment(app.router as unknown as DispatchedRouter);
  app.use('/mw', (_q, s) => void s.send('middleware'));
  for (const template of TEMPLATES) app.all(template, (q, s) => void s.send(`${template} ${JSON.stringify(q.params)}`));
  for (const layer of (app.router as unknown as { stack: Array<{ route?: { path: string }; match(p: string): unknown }> }).stack) {
    const match = layer.match.bind(layer);
    layer.match = (path: string) => (matched.push(layer.route?.path ?? 'middleware'), match(path));
  }
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, matched };
}

/** Raw HTTP over a socket, so the request target reaches the router as written (an HTTP client would refuse or normalize it). */
async function answer(url: string, method: string, target: string): Promise<string> {
  const { port } = new URL(url);
  const raw = await rawHttp(+port, `${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  const [head, body] = raw.split('\r\n\r\n');
  const allow = /^allow: (.*)$/im.exec(head)?.[1] ?? '';
  return `${head.split(' ')[1]} ${allow} ${body.replace(/Cannot \w+ .*/, 'Cannot')}`;
}

describe('dispatchByFirstSegment', () => {
  let plain: Awaited<ReturnType<typeof serve>>;
  let dispatched: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    [plain, dispatched] = await Promise.all([serve(false), serve(true)]);
  });
  afterAll(async () => {
    await Promise.all([plain, dispatched].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });

  it('answers every path and method exactly as the router does', async () => {
    for (const method of ['GET', 'POST', 'OPTIONS'])
      for (const path of [...PATHS, '/mw/a'])
        expect([method, path, await answer(dispatched.url, method, path)]).toEqual([method, path, await answer(plain.url, method, path)]);
  });

  it('never asks a route whose first segment is another', async () => {
    dispatched.matched.length = 0;
    expect(await answer(dispatched.url, 'GET', '/langgraph/info')).toMatch(/^200 {2}\/langgraph\/info/);
    expect(dispatched.matched).toEqual([
      'middleware',
      '/langgraph/ok',
      '/langgraph/threads/:thread_id/runs/wait',
      '/:param/x',
      '/files{/*rest}',
      '/',
      '/langgraph/info',
    ]);
    dispatched.matched.length = 0;
    expect(await answer(dispatched.url, 'GET', '/nowhere')).toMatch(/^404/);
    expect(dispatched.matched).toEqual(['middleware', '/:param/x', '/files{/*rest}', '/']);
  });

  it('follows routes added after it is installed, and shows the whole stack to any other reader', async () => {
    const app = express();
    const router = app.router as unknown as DispatchedRouter;
    dispatchByFirstSegment(router);
    app.get('/a', (_q, s) => void s.send('a'));
    expect(router.stack).toHaveLength(1);
    app.get('/b', (_q, s) => void s.send('b'));
    expect(router.stack).toHaveLength(2);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await answer(url, 'GET', '/a')).toBe('200  a');
      app.get('/c', (_q, s) => void s.send('c'));
      expect(await answer(url, 'GET', '/c')).toBe('200  c');
      expect(router.stack).toHaveLength(3);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reads a first segment only when it is plain text', () => {
    expect(requestFirstSegment('/LangGraph/threads?x')).toBe('langgraph');
    expect(requestFirstSegment('/docs?x')).toBe('docs');
    expect(requestFirstSegment('/')).toBe('');
    expect(requestFirstSegment('/?a=/b')).toBe('');
    expect(requestFirstSegment('/a#b/c')).toBeUndefined();
    expect(requestFirstSegment('/\u212Aey')).toBeUndefined();
    expect(requestFirstSegment('//langgraph')).toBeUndefined();
    expect(requestFirstSegment('http://x/langgraph')).toBeUndefined();
    expect(requestFirstSegment('*')).toBeUndefined();
    expect(requestFirstSegment(undefined)).toBeUndefined();
  });

  it('takes only plain text as a template first segment', () => {
    expect(literalFirstSegment('/LangGraph/threads/:id')).toBe('langgraph');
    expect(literalFirstSegment('/docs')).toBe('docs');
    expect(literalFirstSegment('/:id/x')).toBeUndefined();
    expect(literalFirstSegment('/*rest')).toBeUndefined();
    expect(literalFirstSegment('/files{/*rest}')).toBeUndefined();
    expect(literalFirstSegment('/')).toBeUndefined();
    expect(literalFirstSegment(/x/)).toBeUndefined();
  });
});
