import { AIMessage, HumanMessage } from '@langchain/core/messages';
import express from 'express';
import { Server } from 'http';
import { AddressInfo } from 'net';
import { rawHttp } from '../../../../../test/support/raw-http';
import { toSdkMessage } from './sdk-messages';
import { answerJson, sdkMessageOf, sendJson, valuesJson } from './state-json';

describe('state JSON', () => {
  it('serializes a state as JSON.stringify does, messages in SDK form, other channels and fields as they are', () => {
    const messages = [new HumanMessage({ content: 'hi', id: 'm1' }), new AIMessage({ content: [{ type: 'text', text: 'yo' }], id: 'm2' })];
    const state = {
      values: { messages: messages.map(sdkMessageOf), plan: { steps: ['a'] }, gone: undefined },
      next: [],
      checkpoint: { thread_id: 't', checkpoint_id: 'c' },
      metadata: undefined,
      parent_checkpoint: null,
    };
    const json = answerJson(state).toString();
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(state)));
    expect(JSON.parse(json).values.messages).toEqual(messages.map(toSdkMessage));
    expect(answerJson({ values: {} }).toString()).toBe('{"values":{}}');
  });

  it('converts a message once, and again when its id or content changed', () => {
    const message = new HumanMessage({ content: 'hi', id: 'm1' });
    const first = sdkMessageOf(message);
    expect(sdkMessageOf(message)).toBe(first);
    expect(answerJson([{ values: { messages: [first, first] } }]).toString()).toBe(
      `[{"values":{"messages":[${JSON.stringify(first)},${JSON.stringify(first)}]}}]`,
    );
    message.content = 'changed';
    expect(sdkMessageOf(message)).toMatchObject({ content: 'changed', id: 'm1' });
    message.id = 'm9';
    expect(sdkMessageOf(message).id).toBe('m9');
  });

  it("serializes a run's output (values, an error, nothing) byte for byte as JSON.stringify does", () => {
    const messages = [new HumanMessage({ content: 'hé "q"', id: 'm1' }), new AIMessage({ content: 'yo', id: 'm2' })].map(sdkMessageOf);
    for (const output of [
      { messages },
      { messages: [] },
      { __error__: { error: 'RunError', message: 'boom' } },
      {},
      { messages, x: undefined },
    ])
      expect(valuesJson(output).toString()).toBe(JSON.stringify(output));
  });

  it('sends prepared JSON byte for byte as Express sends it typed as JSON (conditional requests, HEAD and ETags too)', async () => {
    const servers: Server[] = [];
    /** An app answering `json` at /:status by sendJson (or at /:status?express by Express's own send). */
    const serve = async (configure: (app: express.Express) => void) => {
      const app = express();
      configure(app);
      app.all('/:status', (request, response) => {
        response.status(Number(request.params.status));
        const json = Buffer.from('{"values":{"text":"héllo ✓"}}');
        if (request.query.express === undefined) sendJson(response, json);
        else response.type('application/json').send(json);
      });
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      servers.push(server);
      return (server.address() as AddressInfo).port;
    };
    const raw = (port: number, method: string, path: string, headers = '') =>
      rawHttp(port, `${method} ${path} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);
    try {
      for (const port of [await serve((app) => app.set('etag', false)), await serve(() => undefined)]) {
        for (const [method, status, headers] of [
          ['GET', 200],
          ['POST', 200],
          ['HEAD', 200],
          ['GET', 200, 'If-None-Match: *\r\n'],
          ['GET', 200, 'If-Modified-Since: Fri, 27 Nov 2026 10:00:00 GMT\r\n'],
          ['POST', 204],
          ['GET', 304],
        ] as Array<[string, number, string?]>) {
          const expected = await raw(port, method, `/${status}?express`, headers);
          expect([method, status, headers, await raw(port, method, `/${status}`, headers)]).toEqual([method, status, headers, expected]);
        }
      }
    } finally {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
