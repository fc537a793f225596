import type { WebSocket } from 'ws';
import { ExecutionEvent } from './execution-event';

/** Bytes a socket may have waiting to be sent. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** A frame's JSON per event and channel: written once however many sockets on that channel get it. */
const frames = new WeakMap<ExecutionEvent, Map<string, string>>();

export function frameOf(e: ExecutionEvent, channel: string): string {
  let byChannel = frames.get(e);
  if (!byChannel) frames.set(e, (byChannel = new Map()));
  let text = byChannel.get(channel);
  if (text === undefined)
    byChannel.set(
      channel,
      (text = JSON.stringify({ type: e.type, execution_id: e.execution_id, timestamp: e.timestamp, channel, data: e.data })),
    );
  return text;
}

/**
 * One open socket: its subscriptions and its heartbeat. After `pingMs` without a message from the client it sends
 * `{"type":"ping"}`, and closes the socket unless a message (a `pong`) comes within `pongMs`.
 */
export class SocketSession {
  readonly subscriptions = new Map<string, () => void>();
  private idle?: NodeJS.Timeout;
  private waiting?: NodeJS.Timeout;

  constructor(
    readonly socket: WebSocket,
    readonly userId: string,
    private readonly pingMs: number,
    private readonly pongMs: number,
  ) {
    this.heard();
  }

  /** The client said something: it is alive. */
  heard(): void {
    clearTimeout(this.waiting);
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.send({ type: 'ping' });
      this.waiting = setTimeout(() => this.socket.close(1001, 'No pong within the heartbeat timeout'), this.pongMs);
    }, this.pingMs);
  }

  send(message: object | string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    // A client that does not read holds the server's memory: past the bound it is closed (it may reconnect and resubscribe).
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return this.socket.close(1013, 'Client too slow: messages not read');
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Ends every subscription and the heartbeat (the socket closed). */
  end(): void {
    clearTimeout(this.idle);
    clearTimeout(this.waiting);
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
  }
}
