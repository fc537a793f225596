import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Position, ThreadLineage } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { advance, FeedCursor } from '../../infrastructure/thread-feed/feed-cursor';
import { pause } from '@forkline/event-store';
import { ThreadFeed } from '../../infrastructure/thread-feed/thread-feed';
import { ExecutionEvent } from './execution-event';
import { ExecutionEvents } from './execution-events';

/** Pause before following a thread again after its feed ended or broke off. */
const RESTART_MS = 1000;

/** Gets a followed thread's execution events, each once, in order. */
export type ExecutionListener = (events: ExecutionEvent[]) => void;

/** The one follower of a thread for every socket on it in this process: one ThreadFeed subscription, one translation. */
class ThreadFollower {
  readonly listeners = new Set<ExecutionListener>();
  readonly controller = new AbortController();
  /** Resolves once the follower knows where it starts: what is appended after that reaches its listeners. */
  readonly ready: Promise<void>;
  /** The log position of the last durable event it handed on (undefined before the first). */
  seen: Position | undefined;

  constructor(
    threadId: string,
    agentId: string,
    feed: ThreadFeed,
    lineage: ThreadLineage,
    readStore: ReadStore,
    report: (message: string) => void,
  ) {
    const answerOf = async (thread: string, runId: string) => {
      const [run] = await readStore.query('runs', { run_id: runId }, { columns: ['answer_message_id'] });
      if (!run?.answer_message_id) return '';
      const [message] = await readStore.query(
        'messages',
        { thread_id: thread, message_id: run.answer_message_id },
        { columns: ['content'] },
      );
      return message?.content ?? '';
    };
    const events = new ExecutionEvents(threadId, agentId, answerOf);
    const signal = this.controller.signal;
    let started!: () => void;
    this.ready = new Promise<void>((resolve) => (started = resolve));
    void (async () => {
      // From now: the durable events after the head, the running attempt's records from its start. The conversation thread
      // is made on first use, so a socket may subscribe before it exists: then it is followed from its creation.
      const head = await lineage.head(threadId);
      let cursor: FeedCursor = head ? { durable: head.head, live: (await feed.startCursor(threadId)).live } : { durable: -1, live: -1 };
      started();
      while (!signal.aborted) {
        try {
          await feed.created(threadId, signal);
          for await (const items of feed.subscribe(threadId, cursor, signal)) {
            cursor = items.reduce(advance, cursor);
            const out = await events.translate(items);
            if (out.length > 0) for (const listener of [...this.listeners]) listener(out);
            for (const item of items) if (item.kind === 'event') this.seen = item.event.position;
          }
          // The feed ends when the thread is deleted: a thread made again under its id (a conversation after the old one
          // was deleted) is followed from its start.
          cursor = { durable: -1, live: -1 };
        } catch (error) {
          if (!signal.aborted) report(`workflow socket follower of thread '${threadId}' broke off: ${error}; following it again`);
        }
        await pause(RESTART_MS, signal);
      }
    })().finally(() => started());
  }
}

/** Followers of threads, shared by the sockets subscribed to them; a follower stops with its last listener. */
@Injectable()
export class ThreadChannels implements OnModuleDestroy {
  private readonly logger = new Logger('WorkflowSocket');
  private readonly followers = new Map<string, ThreadFollower>();

  constructor(
    private readonly feed: ThreadFeed,
    private readonly lineage: ThreadLineage,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /**
   * Listens to the thread's execution events until the returned function is called; resolves once every event appended from
   * then on will reach the listener.
   */
  async listen(threadId: string, agentId: string, listener: ExecutionListener): Promise<() => void> {
    let follower = this.followers.get(threadId);
    if (!follower) {
      follower = new ThreadFollower(threadId, agentId, this.feed, this.lineage, this.readStore, (m) => this.logger.warn(m));
      this.followers.set(threadId, follower);
    }
    follower.listeners.add(listener);
    const held = follower;
    await held.ready;
    return () => {
      held.listeners.delete(listener);
      if (held.listeners.size > 0) return;
      held.controller.abort();
      if (this.followers.get(threadId) === held) this.followers.delete(threadId);
    };
  }

  /**
   * The log position of the last durable event of the thread its follower handed on: a listener added now missed nothing
   * after it, and the read models at that position hold everything before it.
   */
  seenPosition(threadId: string): Position | undefined {
    return this.followers.get(threadId)?.seen;
  }

  /** How many listeners (socket subscriptions) a followed thread has. */
  listenerCount(threadId: string): number {
    return this.followers.get(threadId)?.listeners.size ?? 0;
  }

  /** How many threads are followed (one subscription each, however many sockets). */
  followed(): number {
    return this.followers.size;
  }

  onModuleDestroy(): void {
    for (const follower of this.followers.values()) follower.controller.abort();
    this.followers.clear();
  }
}
