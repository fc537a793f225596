import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { IncomingMessage, Server } from 'http';
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Nest's `ws` adapter on the HTTP server's port, which matches a socket's path exactly: this one also takes a path with a
 * trailing slash (the platform's clients connect to `/ws/`, gateways are declared as `/ws`).
 */
export class TrailingSlashWsAdapter extends WsAdapter {
  private readonly servers = new WeakSet<object>();

  constructor(app: INestApplicationContext) {
    super(app);
  }

  ensureHttpServerExists(port: number, httpServer?: Server): Server | undefined {
    if (httpServer && !this.servers.has(httpServer)) {
      this.servers.add(httpServer);
      // Runs before the adapter's own upgrade listener, which is added next.
      httpServer.on('upgrade', (request: IncomingMessage) => {
        const url = request.url ?? '/';
        const query = url.indexOf('?');
        const path = query < 0 ? url : url.slice(0, query);
        if (path.length > 1 && path.endsWith('/')) request.url = path.replace(/\/+$/, '') + (query < 0 ? '' : url.slice(query));
      });
    }
    return super.ensureHttpServerExists(port, httpServer);
  }

  /** A client's protocol error (e.g. a frame over the size limit, which closes it with 1009) is the client's fault: a warning, not a server error. */
  bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (socket: WebSocket) =>
      socket.on('error', (error) => this.logger.warn(`WebSocket client error: ${error.message}`)),
    );
    server.on('error', (error) => this.logger.error(error));
    return server;
  }
}
