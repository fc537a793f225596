import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import { createServer } from 'http';
import { createServer as createHttpsServer } from 'https';
import { expressMessages } from './express-messages';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Nest's Express adapter, but its HTTP server builds requests and responses on Express's prototypes (express-messages.ts),
 * and a handler's object answer is written as Express's `res.json` would write it (same
 * bytes, same Content-Type and Content-Length) without its detours: three settings looked up, the Content-Type
 * parsed twice to add a charset, a freshness check. Everything else (no body, a stream, a Buffer, a type already set,
 * HEAD, a conditional request, 204/205/304, JSON settings or ETags on the app) goes the adapter's own way.
 */
export class JsonReplyExpressAdapter extends ExpressAdapter {
  private plainJson: boolean | undefined;

  /** The server Nest would make, with the request and response classes (forceCloseConnections, unused here, keeps Nest's). */
  initHttpServer(options: Parameters<ExpressAdapter['initHttpServer']>[0]): void {
    if (options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    const messages = expressMessages(app);
    this.httpServer = options?.httpsOptions
      ? createHttpsServer({ ...options.httpsOptions, ...messages }, app)
      : createServer(messages, app);
  }

  reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!this.writesPlainJson(response, body, statusCode)) return super.reply(response, body, statusCode);
    const json = JSON.stringify(body) as string | undefined;
    if (json === undefined) return super.reply(response, body, statusCode);
    if (statusCode) response.status(statusCode);
    response.setHeader('Content-Type', JSON_TYPE);
    response.setHeader('Content-Length', String(Buffer.byteLength(json)));
    response.end(json);
    return response;
  }

  private writesPlainJson(response: Response, body: unknown, statusCode?: number): boolean {
    if (typeof body !== 'object' || body === null || body instanceof StreamableFile || ArrayBuffer.isView(body)) return false;
    const status = statusCode ?? response.statusCode;
    if (status === 204 || status === 205 || status === 304 || response.hasHeader('content-type')) return false;
    const request = response.req as Request;
    if (request.method === 'HEAD' || request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined)
      return false;
    // Settings are made at start-up, before the first answer.
    this.plainJson ??= ['json escape', 'json replacer', 'json spaces', 'etag fn'].every(
      (name) => !this.getInstance<{ get(n: string): unknown }>().get(name),
    );
    return this.plainJson;
  }
}
