import express from 'express';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { rawHttp } from '../../../../test/support/raw-http';
import { JsonReplyExpressAdapter } from './json-reply.adapter';

/** An app that answers from what Express puts on the request and response (their prototypes' getters and methods). */
function app(): express.Express {
  const made = express();
  made.use(express.json());
  made.get('/json', (request, response) => {
    response.json({ path: request.path, query: request.query, ip: request.ip, host: request.hostname, xhr: request.xhr });
  });
  made.post('/echo', (request, response) =>
    response
      .status(201)
      .set('X-Mine', 'yes')
      .json({ body: request.body as unknown }),
  );
  made.get('/fail', () => {
    throw new Error('boom');
  });
  return made;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('express messages (JsonReplyExpressAdapter.initHttpServer)', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  async function pair() {
    const plain = createServer(app());
    const adapter = new JsonReplyExpressAdapter(app());
    adapter.initHttpServer({});
    const built = adapter.getHttpServer() as Server;
    servers.push(plain, built);
    return { plain: await listen(plain), built: await listen(built), app: adapter.getInstance<express.Express>(), built_server: built };
  }

  it('builds each request and response on the Express app’s prototypes, still Node’s own classes', async () => {
    const { built, app: made, built_server } = await pair();
    const seen: Array<[unknown, unknown, boolean, boolean]> = [];
    built_server.prependListener('request', (request: IncomingMessage, response: ServerResponse) =>
      seen.push([
        Object.getPrototypeOf(request),
        Object.getPrototypeOf(response),
        request instanceof IncomingMessage,
        response instanceof ServerResponse,
      ]),
    );
    await rawHttp(built, 'GET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(seen).toEqual([[made.request, made.response, true, true]]);
  });

  it('answers byte for byte as a plain Node server running the same app', async () => {
    const { plain, built } = await pair();
    const body = '{"a":[1,{"b":"é"}]}';
    const cases = [
      'GET /json?x=1&y=2 HTTP/1.1\r\nHost: example.test\r\nX-Requested-With: XMLHttpRequest\r\nConnection: close\r\n\r\n',
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{x}',
      'GET /fail HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'DELETE /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'HEAD /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      // Two requests on one kept-alive connection: the second is built like the first.
      'GET /json?n=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /json?n=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ];
    for (const request of cases) {
      const expected = await rawHttp(plain, request);
      expect([request, await rawHttp(built, request)]).toEqual([request, expected]);
    }
    expect(await rawHttp(built, cases[0])).toContain('"query":{"x":"1","y":"2"}');
  });
});
