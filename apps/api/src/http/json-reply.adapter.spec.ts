import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import { Server } from 'http';
import { AddressInfo } from 'net';
import { rawHttp } from '../../../../test/support/raw-http';
import { JsonReplyExpressAdapter } from './json-reply.adapter';

const CASES: Record<string, [unknown, number | undefined]> = {
  object: [{ ok: true, text: 'héllo ✓ <b>' }, 200],
  array: [[1, 'two', { three: null }], 200],
  created: [{ id: 'x' }, 201],
  unset: [{ id: 'x' }, undefined],
  empty: [{}, 204],
  nothing: [undefined, 200],
  text: ['plain', 200],
  buffer: [Buffer.from('bytes'), 200],
  long: [{ text: 'x'.repeat(5000) }, 200],
  toJsonUndefined: [{ toJSON: () => undefined }, 200],
};

/** An app whose /:case answers CASES[case] through `adapter.reply`; `typed` sets a Content-Type first. */
async function serve(adapter: ExpressAdapter, app: express.Express): Promise<{ server: Server; port: number }> {
  app.all('/:case', (request, response) => {
    if (request.query.typed !== undefined) response.setHeader('Content-Type', 'text/x-mine');
    const [body, status] = CASES[request.params.case as string];
    adapter.reply(response, body, status);
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** The raw answer (Date aside), over a socket so nothing is normalized. */
const raw = (port: number, method: string, path: string, headers = '') =>
  rawHttp(port, `${method} ${path} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);

describe('JsonReplyExpressAdapter', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  async function pair(configure: (app: express.Express) => void = () => undefined) {
    const [plainApp, fastApp] = [express(), express()];
    [plainApp, fastApp].forEach(configure);
    const plain = await serve(new ExpressAdapter(plainApp), plainApp);
    const fast = await serve(new JsonReplyExpressAdapter(fastApp), fastApp);
    servers.push(plain.server, fast.server);
    return { plain: plain.port, fast: fast.port };
  }

  it('writes every answer byte for byte as Express does', async () => {
    const { plain, fast } = await pair((app) => app.set('etag', false));
    const requests: Array<[string, string, string?]> = [];
    for (const name of Object.keys(CASES)) requests.push(['GET', `/${name}`], ['POST', `/${name}`], ['HEAD', `/${name}`]);
    requests.push(['GET', '/object?typed'], ['GET', '/object', 'If-None-Match: *\r\n'], ['GET', '/object', 'If-Modified-Since: x\r\n']);
    for (const [method, path, headers] of requests) {
      const expected = await raw(plain, method, path, headers);
      expect([method, path, headers, await raw(fast, method, path, headers)]).toEqual([method, path, headers, expected]);
    }
    expect(await raw(fast, 'GET', '/object')).toContain('Content-Type: application/json; charset=utf-8');
  });

  it("leaves answers to Express when the app's JSON settings (or ETags) would change them", async () => {
    const { plain, fast } = await pair((app) => app.set('json spaces', 2));
    for (const path of ['/object', '/array']) expect(await raw(fast, 'GET', path)).toBe(await raw(plain, 'GET', path));
    expect(await raw(fast, 'GET', '/array')).toContain('\n  1,');
    const withEtags = await pair();
    expect(await raw(withEtags.fast, 'GET', '/object')).toBe(await raw(withEtags.plain, 'GET', '/object'));
    expect(await raw(withEtags.fast, 'GET', '/object')).toMatch(/^ETag: /im);
  });
});
