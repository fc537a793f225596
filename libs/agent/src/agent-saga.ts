import { setMaxListeners } from 'events';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { LiveRecordStore, ThreadRepository } from '@forkline/event-store';
import { ProjectedEvent, ReadStore, ThreadHistory } from '@forkline/read-models';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { RunExecutor, RunExecutorDeps, STOPPED_BY_USER } from './run-executor';
import { RunSlots } from './run-slots';
import { RunLeases } from './leases/run-leases';

export interface AgentSagaDeps {
  repository: ThreadRepository;
  readStore: ReadStore;
  history: ThreadHistory;
  model: BaseChatModel;
  checkpointer: EventSourcedCheckpointSaver;
  log?: (message: string) => void;
  /** How many of the latest messages the model sees (the context window). */
  contextMessages?: number;
  /** At most this many characters of conversation go to the model per call. */
  contextChars?: number;
  /** At most this many runs at once, across threads (default 8); the others wait their turn. */
  maxConcurrentRuns?: number;
  agents?: RunExecutorDeps['agents'];
  models?: RunExecutorDeps['models'];
  cacheBytes?: RunExecutorDeps['cacheBytes'];
  /** Where runs write their live records. */
  liveRecords?: LiveRecordStore;
  /** The store's run leases, shared by every process: each run is executed by one worker at a time. */
  leases: RunLeases;
  /** This worker (default: a random id per saga, i.e. per process). */
  workerId?: string;
}

export const DEFAULT_MAX_CONCURRENT_RUNS = 8;

/**
 * Answers every user message exactly once, in order, per thread. The `agent` projector keeps a
 * durable inbox of threads that may owe a reply (committed with its checkpoint); workers drain it.
 * Replies carry deterministic event ids and the decider refuses a second reply, so a redelivered
 * message or a restart mid-run never yields a duplicate. Any number of sagas (processes) share the
 * work: a run is claimed on its thread stream and held by a lease; a saga that finds a thread's run
 * held by another looks again when that lease would expire, so a dead worker's run is taken over.
 */
export class AgentSaga {
  private readonly working = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** Threads whose run another worker holds: when to look again. */
  private readonly rechecks = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly runs = new Map<string, { controller: AbortController; replyTo: string }>();
  private readonly shutdown = new AbortController();
  private readonly log: (message: string) => void;
  private readonly executor: RunExecutor;
  private readonly slots: RunSlots;

  constructor(private readonly deps: AgentSagaDeps) {
    this.log = deps.log ?? console.error;
    this.executor = new RunExecutor({ ...deps, log: this.log });
    this.slots = new RunSlots(deps.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS);
  }
  /** The run leases this process holds and has taken over (for /metrics). */
  get leases(): RunLeases {
    return this.deps.leases;
  }

  /** Names this worker in the runs it claims (RunStarted, RunResumed). */
  get workerId(): string {
    return this.executor.workerId;
  }

  /** Picks up the inbox left by a previous process. */
  async resume(): Promise<void> {
    for (const row of await this.deps.readStore.agentInbox()) this.wake(row.thread_id);
  }

  /** Fed by the projections after each commit: new work wakes a thread; a stop or a deletion aborts the run it names. */
  readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const e of events) {
      // A fork owes a reply only when it inherits unanswered messages (as the inbox projector says): a copy of an answered
      // thread wakes nothing.
      if (e.type === 'UserMessageAdded' || (e.type === 'ThreadForked' && e.data.unanswered.length > 0)) this.wake(e.data.threadId);
      if (e.type === 'RunStopped') this.abortRun(e.data.threadId, e.data.replyTo);
      if (e.type === 'MessageDeleted') this.abortRun(e.data.threadId, e.data.messageId);
      if (e.type === 'ThreadDeleted') this.abortRun(e.data.threadId);
    }
  };

  /** Aborts model calls in flight and waits for workers; unanswered messages stay in the inbox. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    for (const { timer } of this.rechecks.values()) clearTimeout(timer);
    this.rechecks.clear();
    for (const run of this.runs.values()) run.controller.abort();
    await Promise.allSettled([...this.working.values()]);
  }

  /** Resolves when no thread is being worked on (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.working.size > 0) await Promise.allSettled([...this.working.values()]);
  }

  /**
   * Aborts the thread's model call in flight (the user stopped it; the run keeps its partial answer) —
   * only if it is answering `replyTo`, so a late signal never stops the next message's run. This is the
   * one abort path: it follows the log, so it works whichever process appended the stop.
   */
  private abortRun(threadId: string, replyTo?: string): void {
    const run = this.runs.get(threadId);
    if (run && (replyTo === undefined || run.replyTo === replyTo)) run.controller.abort(STOPPED_BY_USER);
  }

  private wake(threadId: string): void {
    if (this.shutdown.signal.aborted) return;
    if (this.working.has(threadId)) {
      this.again.add(threadId);
      return;
    }
    const work = this.drain(threadId).finally(() => {
      this.working.delete(threadId);
      if (this.again.delete(threadId)) this.wake(threadId);
    });
    this.working.set(threadId, work);
  }

  private async drain(threadId: string): Promise<void> {
    try {
      while (!this.shutdown.signal.aborted && (await this.answerNext(threadId)));
    } catch (error) {
      if (this.shutdown.signal.aborted) return;
      this.log(`agent: thread '${threadId}' failed: ${error}`);
      // The store may be back by then; the run (this worker's, or free) is taken up again as its next attempt.
      this.recheckAt(threadId, Date.now() + this.deps.leases.leaseMs);
    }
  }

  /** Wakes the thread at `at` (the earliest time asked for wins). */
  private recheckAt(threadId: string, at: number): void {
    const pending = this.rechecks.get(threadId);
    if (this.shutdown.signal.aborted || (pending && pending.at <= at)) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(
      () => {
        this.rechecks.delete(threadId);
        this.wake(threadId);
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref();
    this.rechecks.set(threadId, { at, timer });
  }

  /** Answers the oldest unanswered message; false when there is none. */
  private async answerNext(threadId: string): Promise<boolean> {
    const { state } = await this.deps.repository.load(threadId);
    const message = state.unanswered[0];
    if (!state.exists || !message) {
      await this.deps.readStore.clearAgentInbox(threadId, state.head);
      return false;
    }
    // Waiting for a slot holds nothing: a message stopped or deleted meanwhile is not started (the executor decides anew).
    const release = await this.slots.acquire();
    if (this.shutdown.signal.aborted) {
      release();
      return false;
    }
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    this.runs.set(threadId, { controller, replyTo: message.messageId });
    try {
      const held = await this.executor.answer(threadId, message, controller.signal);
      if (held) {
        this.recheckAt(threadId, held.retryAt);
        return false;
      }
    } finally {
      this.runs.delete(threadId);
      release();
    }
    return true;
  }
}
