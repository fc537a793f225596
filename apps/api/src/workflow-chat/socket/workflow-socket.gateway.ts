import { Inject, Logger } from '@nestjs/common';
import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'crypto';
import type { IncomingMessage } from 'http';
import type { RawData, WebSocket } from 'ws';
import { AppConfig } from '@forkline/platform';
import { BearerAuthenticator } from '../../auth/bearer-authenticator';
import { StreamSlots } from '../../http/stream-slots';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { APP_CONFIG } from '../../infrastructure/tokens';
import { ExecutionQueries } from '../queries/execution-queries.service';
import { ChannelAccess } from './channel-access';
import { ExecutionEvent } from './execution-event';
import { frameOf, SocketSession } from './socket-session';
import { TERMINAL_TYPES, terminalEvent } from './terminal-event';
import { ThreadChannels } from './thread-channels';

const INVALID_TOKEN = 'Invalid or missing token';
/** 1008: policy violation (the platform's answer to a bad token); 1013: try again later. */
const POLICY = 1008;
const TRY_LATER = 1013;
/** Client messages are small JSON commands: a bigger frame closes the socket (1009) before it is buffered whole. */
const MAX_MESSAGE_BYTES = 16 * 1024;
/** Client messages read but not yet answered, per socket. */
const MAX_WAITING_MESSAGES = 64;
/** How much of a refused channel name the error repeats. */
const shown = (name: unknown) => String(name).slice(0, 200);

/**
 * The workflow platform's WebSocket, `ws://host/ws/?token=<api key>`: subscribe to `workflow:<slug>` or `execution:<id>`
 * and receive execution events (see README "Workflow chat WebSocket and executions").
 */
@WebSocketGateway({ path: '/ws', maxPayload: MAX_MESSAGE_BYTES })
export class WorkflowSocketGateway implements OnGatewayConnection {
  private readonly logger = new Logger('WorkflowSocket');
  private readonly slots: StreamSlots;

  constructor(
    private readonly authenticator: BearerAuthenticator,
    private readonly access: ChannelAccess,
    private readonly channels: ThreadChannels,
    private readonly executions: ExecutionQueries,
    private readonly projections: ProjectionsService,
    @InjectThrottlerStorage() private readonly throttle: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.slots = new StreamSlots(config.socketsPerUser);
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    // Messages that come while the key is checked wait for it, in order.
    let turn = this.open(socket, request);
    let waiting = 0;
    socket.on('message', (data: RawData) => {
      // A client that sends faster than its messages are answered would grow this queue without end.
      if (++waiting > MAX_WAITING_MESSAGES) return socket.close(POLICY, `more than ${MAX_WAITING_MESSAGES} messages waiting for an answer`);
      turn = turn.then((session) => (session ? this.handle(session, data).then(() => session) : null)).finally(() => waiting--);
      turn.catch((error) => this.logger.error(`workflow socket message failed: ${error}`));
    });
  }

  private async open(socket: WebSocket, request: IncomingMessage): Promise<SocketSession | null> {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    const { principal } = await this.authenticator.identifyKey(token, request.socket.remoteAddress ?? 'unknown');
    // A user's API key only: an app key (the Dify face's) is no key of this face.
    if (!principal || principal.app) return (socket.close(POLICY, INVALID_TOKEN), null);
    const userId = principal.id;
    // A connection counts against the user's rate limit like a request (the same counter as the HTTP guard's).
    const limit = this.config.rateLimitPerMinute;
    const key = createHash('sha256').update(`default:user:${userId}`).digest('hex');
    const hits = await this.throttle.increment(key, 60_000, limit, 60_000, 'default');
    if (hits.isBlocked || hits.totalHits > limit) return (socket.close(TRY_LATER, 'rate limit exceeded'), null);
    let release: () => void;
    try {
      release = this.slots.take(userId);
    } catch {
      return (socket.close(TRY_LATER, `too many open sockets: at most ${this.slots.perUser} per user (WS_SOCKETS_PER_USER)`), null);
    }
    const session = new SocketSession(socket, userId, this.config.wsPingIntervalMs, this.config.wsPongTimeoutMs);
    const closed = () => (session.end(), release());
    if (socket.readyState !== socket.OPEN) return (closed(), null);
    socket.on('close', closed);
    return session;
  }

  private async handle(session: SocketSession, data: RawData): Promise<void> {
    session.heard();
    let message: { type?: unknown; channel?: unknown };
    try {
      message = JSON.parse(data.toString());
    } catch {
      return session.send({ type: 'error', message: 'Invalid JSON' });
    }
    if (message === null || typeof message !== 'object') return session.send({ type: 'error', message: 'Expected a JSON object' });
    switch (message.type) {
      case 'pong':
        return;
      case 'ping':
        return session.send({ type: 'pong' });
      case 'subscribe':
        return this.subscribe(session, message.channel);
      case 'unsubscribe': {
        if (typeof message.channel !== 'string') return session.send({ type: 'error', message: 'channel: must be a string' });
        const channel = shown(message.channel);
        session.subscriptions.get(channel)?.();
        session.subscriptions.delete(channel);
        return session.send({ type: 'unsubscribed', channel });
      }
      default:
        return session.send({ type: 'error', message: `Unknown message type: ${JSON.stringify(message.type ?? null)}` });
    }
  }

  private async subscribe(session: SocketSession, name: unknown): Promise<void> {
    if (typeof name === 'string' && session.subscriptions.has(name)) return session.send({ type: 'subscribed', channel: name });
    const channel = await this.access.resolve(session.userId, name);
    if (!channel) return session.send({ type: 'error', message: `Channel not found or not allowed: ${shown(name)}`, channel: shown(name) });
    const executionId = channel.run?.run_id;
    let acked = false;
    let terminalSent = false;
    const held: ExecutionEvent[] = [];
    const deliver = (events: ExecutionEvent[]) => {
      for (const e of events) {
        if (executionId && e.execution_id !== executionId) continue;
        if (executionId && TERMINAL_TYPES.has(e.type)) {
          if (terminalSent) continue;
          terminalSent = true;
        }
        session.send(frameOf(e, channel.name));
      }
    };
    // Events that arrive before the acknowledgement wait for it: `subscribed` comes first.
    const unsubscribe = await this.channels.listen(channel.threadId, channel.agentId, (events) =>
      acked ? deliver(events) : held.push(...events),
    );
    if (session.socket.readyState !== session.socket.OPEN) return unsubscribe();
    session.subscriptions.set(channel.name, unsubscribe);
    session.send({ type: 'subscribed', channel: channel.name });
    acked = true;
    deliver(held.splice(0));
    if (!executionId) return;
    // A run that ended before this subscription: its terminal event from the read model, once that holds all the follower
    // handed on (projections may run in another process, behind this one's follower).
    await this.projections.waitForReadModels(this.channels.seenPosition(channel.threadId));
    const run = await this.executions.run(session.userId, executionId);
    const terminal = run && terminalEvent(run, run.status === 'completed' ? await this.executions.answer(run) : '');
    if (terminal && session.subscriptions.get(channel.name) === unsubscribe) deliver([terminal]);
  }
}
