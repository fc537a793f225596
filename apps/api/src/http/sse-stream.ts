import type { Response } from 'express';

/** One server-sent event: `data` goes out as one line of JSON. */
export interface SseFrame {
  id: string;
  event: string;
  data: unknown;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;

/** The native faces' heartbeat: an SSE comment. Dify's face sends its own `event: ping` frame instead. */
export const COMMENT_PING = ': ping\n\n';

/**
 * A text/event-stream response: headers sent at once, uncompressed and unbuffered by proxies, a heartbeat (`ping`, by
 * default a `: ping` comment) every `heartbeatMs` so idle connections stay open, and `closed` aborting when the client goes away.
 */
export class SseStream {
  private readonly controller = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: Response,
    heartbeatMs = DEFAULT_HEARTBEAT_MS,
    ping = COMMENT_PING,
  ) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    res.on('close', () => this.controller.abort());
    this.heartbeat = setInterval(() => this.write(ping), heartbeatMs);
  }

  get closed(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Resolves once the frames are handed to the socket, a frame at a time (a batch may hold megabytes), waiting whenever
   * the client reads slower than they come.
   */
  async send(frames: SseFrame[]): Promise<void> {
    await this.sendTexts(frames.map((f) => `id: ${f.id}\nevent: ${f.event}\ndata: ${JSON.stringify(f.data)}\n\n`));
  }

  /** Frames of data lines only, `data: <json>\n\n`, as Dify frames its streams (no id, no event line). */
  async sendData(objects: unknown[]): Promise<void> {
    await this.sendTexts(objects.map((o) => `data: ${JSON.stringify(o)}\n\n`));
  }

  private async sendTexts(texts: string[]): Promise<void> {
    for (const text of texts) {
      if (this.closed.aborted) return;
      if (!this.write(text)) await this.drained();
    }
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => (this.res.off('drain', done), this.closed.removeEventListener('abort', done), resolve());
      this.res.on('drain', done);
      this.closed.addEventListener('abort', done, { once: true });
    });
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
  }

  private write(text: string): boolean {
    return this.res.writableEnded || this.closed.aborted ? true : this.res.write(text);
  }
}
