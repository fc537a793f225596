import WebSocket from 'ws';

export interface SocketMessage {
  type: string;
  channel?: string;
  execution_id?: string;
  timestamp?: string;
  data?: any;
  message?: string;
}

/** A real `ws` client of /ws/: every message it got, in order, and waits on them. */
export class TestSocket {
  readonly messages: SocketMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      this.waiters.forEach((w) => w());
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Connects to `path` (default /ws/) of the server at `baseUrl` (http://...), with `?token=` when a key is given. */
  static connect(baseUrl: string, key: string | null, path = '/ws/'): Promise<TestSocket> {
    const url = baseUrl.replace(/^http/, 'ws') + path + (key === null ? '' : `?token=${encodeURIComponent(key)}`);
    const socket = new TestSocket(new WebSocket(url));
    return new Promise((resolve, reject) => {
      socket.ws.once('open', () => resolve(socket));
      socket.ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits until the messages satisfy `done` (or fails after `timeoutMs`); returns them all. */
  async until(done: (messages: SocketMessage[]) => boolean, timeoutMs = 15_000): Promise<SocketMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.messages)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`socket condition not reached in ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const wake = () => (this.waiters.delete(wake), clearTimeout(timer), resolve());
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
    return this.messages;
  }

  /** Sends a subscribe and waits for its answer (subscribed or error). */
  async subscribe(channel: string): Promise<SocketMessage> {
    const from = this.messages.length;
    this.send({ type: 'subscribe', channel });
    const answered = (m: SocketMessage) => (m.type === 'subscribed' && m.channel === channel) || m.type === 'error';
    await this.until((ms) => ms.slice(from).some(answered));
    return this.messages.slice(from).find(answered)!;
  }

  close(): void {
    this.ws.close();
  }
}

/** The execution events of a message list (no control messages), as [type, execution_id]. */
export const executionEvents = (messages: SocketMessage[]) => messages.filter((m) => m.execution_id !== undefined);
export const hasType = (type: string, executionId?: string) => (messages: SocketMessage[]) =>
  messages.some((m) => m.type === type && (executionId === undefined || m.execution_id === executionId));
