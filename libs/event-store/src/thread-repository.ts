import { randomUUID } from 'crypto';
import {
  ConcurrencyConflict,
  deterministicId,
  ThreadAlreadyExists,
  decide,
  evolve,
  initialThreadState,
  THREAD_SCHEMA_VERSION,
  ThreadCommand,
  ThreadEvent,
  ThreadState,
  threadStreamId,
} from '@forkline/domain';
import { AppendResult, EventStore, NewEvent, Position, StreamAppend, StreamDeleted, WrongExpectedRevision } from './event-store.port';
import { KeyedMutex } from './keyed-mutex';
import { DEFAULT_CACHED_THREADS } from './lru-cache';
import { StreamFolds } from './stream-folds';

export interface CommandContext {
  actor: string;
  correlationId: string;
  causationId: string | null;
}

export interface CommandOutcome {
  /** The events this command appended now (none when an identical command had appended them already). */
  events: ThreadEvent[];
  /** Ids of the events the command stands for, whether appended now or earlier. */
  eventIds: string[];
  /** When each of `events` occurred, as stored (their metadata's occurredAt). */
  occurredAt: string[];
  /** Log position of the last event written (or already there); undefined when the command was a no-op. */
  position: Position | undefined;
  state: ThreadState;
}

/** A stream's folded state, its revision, and the time of its last event. */
interface Folded {
  state: ThreadState;
  revision: number;
  lastOccurredMs: number;
}

/** Appends a thread's events (WrongExpectedRevision when its stream is not at `expected`: nothing was written). */
export type ThreadWrite = (append: StreamAppend) => Promise<AppendResult>;

/** Appends tried per command when other writers keep moving the stream; then the command is a conflict (409). */
export const MAX_APPEND_ATTEMPTS = 5;

/**
 * Loads a thread's state by folding its stream (with an in-memory cache of folded states), runs the
 * decider and appends with the expected revision. Commands on one thread are serialized in-process;
 * conflicts with other processes are retried a bounded number of times.
 */
export class ThreadRepository {
  private readonly locks = new KeyedMutex();
  private readonly lineageLocks = new KeyedMutex();
  private readonly cache: StreamFolds<Folded>;

  /** `cachedThreads`: how many threads' folded states it keeps (the least recently used are folded again when needed). */
  constructor(
    private readonly store: EventStore,
    cachedThreads = DEFAULT_CACHED_THREADS,
  ) {
    this.cache = new StreamFolds(store, cachedThreads, emptyFold, (folded, page) => ({
      state: page.reduce((s, e) => evolve(s, { type: e.type, data: e.data } as ThreadEvent), folded.state),
      lastOccurredMs: Date.parse(page[page.length - 1].metadata.occurredAt),
    }));
  }

  load(threadId: string): Promise<Folded> {
    return this.cache.load(threadStreamId(threadId));
  }

  /** `write` appends the command's events in place of the store's own append (e.g. in one write with another stream's). */
  execute(command: ThreadCommand, context: CommandContext, write?: ThreadWrite): Promise<CommandOutcome> {
    return this.executeAll([command], context, false, write);
  }

  /**
   * executeAll on a thread whose id was just made (a random UUID, e.g. a fork's): its first attempt decides on the
   * empty state without reading the stream; should the stream exist after all, the append fails and it is read as usual
   * (so is it when the decider refuses or does nothing on the empty state).
   */
  executeOnNew(commands: ThreadCommand[], context: CommandContext): Promise<CommandOutcome> {
    return this.executeAll(commands, context, true);
  }

  /**
   * Commands on one thread, each decided on the state the ones before it leave, appended as one write (all or none):
   * e.g. a LangGraph copy's ThreadForked and its metadata, one append instead of two.
   */
  executeAll(commands: ThreadCommand[], context: CommandContext, fresh = false, write?: ThreadWrite): Promise<CommandOutcome> {
    const threadId = commands[0].threadId;
    if (commands.some((c) => c.threadId !== threadId)) throw new Error('executeAll: commands on one thread only');
    const streamId = threadStreamId(threadId);
    return this.locks.run(streamId, async () => {
      let first = fresh ? decidedOnEmpty(commands) : undefined;
      for (let attempt = 1; ; attempt++) {
        const { state, revision, lastOccurredMs, events } = first ?? (await this.decided(threadId, commands));
        first = undefined;
        if (events.length === 0) return { events, eventIds: [], occurredAt: [], position: undefined, state };
        // Strictly increasing times within a thread, so "items after time t" never skips one that shares t.
        const start = Math.max(Date.now(), lastOccurredMs + 1);
        const envelopes = events.map((e, i) => this.envelope(e, context, start + i));
        try {
          const append: StreamAppend = { streamId, events: envelopes, expected: revision < 0 ? 'no_stream' : revision };
          const result = await (write ? write(append) : this.store.append(streamId, envelopes, append.expected));
          if (result.nextRevision !== revision + envelopes.length) return this.alreadyAppended(threadId, envelopes, result.position);
          return this.stored(streamId, state, events, envelopes, start, result);
        } catch (error) {
          // Only creating a thread reaches a retired stream (anything else finds no thread first).
          if (error instanceof StreamDeleted) throw new ThreadAlreadyExists(threadId);
          if (!(error instanceof WrongExpectedRevision)) throw error;
          this.cache.delete(streamId);
          if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(streamId);
        }
      }
    });
  }

  /**
   * The first write of a thread whose id was just made, decided on the empty state (a refusal is thrown), for a caller
   * that appends it with other streams' events at once (a fork, with its source's registry): `append` goes to the
   * store, `stored` takes its result.
   */
  firstWrite(
    commands: ThreadCommand[],
    context: CommandContext,
  ): { append: StreamAppend; stored: (result: AppendResult) => CommandOutcome } {
    const streamId = threadStreamId(commands[0].threadId);
    const state = initialThreadState();
    const events = decideAll(commands, state);
    const start = Date.now();
    const envelopes = events.map((e, i) => this.envelope(e, context, start + i));
    return {
      append: { streamId, events: envelopes, expected: 'no_stream' },
      stored: (result) => this.stored(streamId, state, events, envelopes, start, result),
    };
  }

  /** The outcome of events appended at `result` (their times from `start`, see envelope), whose fold is cached for the thread's next command. */
  private stored(
    streamId: string,
    state: ThreadState,
    events: ThreadEvent[],
    envelopes: NewEvent[],
    start: number,
    result: AppendResult,
  ): CommandOutcome {
    const after = { state: events.reduce(evolve, state), revision: result.nextRevision, lastOccurredMs: start + events.length - 1 };
    this.cache.set(streamId, after);
    const occurredAt = envelopes.map((e) => e.metadata.occurredAt);
    return { events, eventIds: envelopes.map((e) => e.eventId), occurredAt, position: result.position, state: after.state };
  }

  /** The commands decided on the thread as stored. */
  private async decided(threadId: string, commands: ThreadCommand[]): Promise<Folded & { events: ThreadEvent[] }> {
    const folded = await this.load(threadId);
    return { ...folded, events: decideAll(commands, folded.state) };
  }

  /**
   * Runs `work` alone among the works on the same thread's lineage (forking from it, deleting it),
   * in this process: a fork and a delete of one thread cannot interleave.
   */
  aloneOnLineage<T>(threadId: string, work: () => Promise<T>): Promise<T> {
    return this.lineageLocks.run(threadId, work);
  }

  /** Forgets what it folded of a thread whose stream was deleted. */
  forget(threadId: string): void {
    this.cache.delete(threadStreamId(threadId));
  }

  /**
   * Every event id was already in the stream (the same command again): the store wrote nothing, so the
   * state is read back (load folds only what another process appended since) rather than folded over the
   * events a second time (which would skip event numbers).
   */
  private async alreadyAppended(threadId: string, envelopes: NewEvent[], position: Position): Promise<CommandOutcome> {
    const { state } = await this.load(threadId);
    return { events: [], eventIds: envelopes.map((e) => e.eventId), occurredAt: [], position, state };
  }

  private envelope(event: ThreadEvent, context: CommandContext, occurredMs: number): NewEvent {
    return {
      eventId: eventIdOf(event),
      type: event.type,
      data: event.data,
      metadata: { ...context, occurredAt: new Date(occurredMs).toISOString(), schemaVersion: THREAD_SCHEMA_VERSION },
    };
  }
}

function decideAll(commands: ThreadCommand[], state: ThreadState): ThreadEvent[] {
  const events: ThreadEvent[] = [];
  for (const [i, command] of commands.entries()) {
    const decided = decide(command, state);
    events.push(...decided);
    // The next command is decided on the state this one leaves; after the last, `stored` folds all the events once.
    if (i < commands.length - 1) state = decided.reduce(evolve, state);
  }
  return events;
}

/** Message events are identified by their message id; run events by their run, so an agent retry re-appends nothing. */
function eventIdOf(event: ThreadEvent): string {
  switch (event.type) {
    case 'UserMessageAdded':
    case 'AssistantMessageAdded':
      return event.data.messageId;
    // A claim's id names its worker: two workers claiming the same run at the same revision conflict (one wins),
    // where the same id would pass the second for an idempotent repeat of the first.
    case 'RunStarted':
      return deterministicId(`RunStarted:${event.data.runId}${event.data.workerId === undefined ? '' : `:${event.data.workerId}`}`);
    case 'RunResumed':
      return deterministicId(`RunResumed:${event.data.runId}:${event.data.attempt}:${event.data.workerId}`);
    case 'RunCompleted':
    case 'RunFailed':
      return deterministicId(`${event.type}:${event.data.runId}`);
    case 'LogRecorded':
      return event.data.logId;
    default:
      return randomUUID();
  }
}

const emptyFold = (): Folded => ({ state: initialThreadState(), revision: -1, lastOccurredMs: 0 });

/**
 * The commands decided, unread, on the empty state of a thread whose id was just made; undefined when that refuses them
 * or does nothing: a refusal or a no-op is only answered as decided on the thread as stored.
 */
function decidedOnEmpty(commands: ThreadCommand[]): (Folded & { events: ThreadEvent[] }) | undefined {
  const folded = emptyFold();
  try {
    const events = decideAll(commands, folded.state);
    return events.length > 0 ? { ...folded, events } : undefined;
  } catch {
    return undefined;
  }
}
