import { ThreadCommand } from './thread-commands';
import { PendingMessage, ThreadEvent } from './thread-events';
import { InvalidCommand, InvalidForkPoint, ThreadAlreadyExists, ThreadNotFound } from './domain-errors';

/** What the write side needs to know about one thread stream, folded from that stream only. */
export interface ThreadState {
  exists: boolean;
  threadId: string | null;
  ownerId: string | null;
  /** Event number of the stream's first event: 0 for a root thread, N+1 for a fork at N. */
  base: number;
  /** Event number of the latest event, -1 before the thread exists. */
  head: number;
  /** User messages without a reply yet, oldest first: the agent answers them in this order. */
  unanswered: PendingMessage[];
  activeRun: { runId: string; replyTo: string } | null;
}

export const initialThreadState = (): ThreadState => ({
  exists: false,
  threadId: null,
  ownerId: null,
  base: 0,
  head: -1,
  unanswered: [],
  activeRun: null,
});

export function evolve(state: ThreadState, event: ThreadEvent): ThreadState {
  const next = { ...state, head: event.data.eventNumber };
  switch (event.type) {
    case 'ThreadCreated':
      return { ...next, exists: true, threadId: event.data.threadId, ownerId: event.data.ownerId, base: 0 };
    case 'ThreadForked':
      return {
        ...next,
        exists: true,
        threadId: event.data.threadId,
        ownerId: event.data.ownerId,
        base: event.data.eventNumber,
        unanswered: event.data.unanswered,
      };
    case 'UserMessageAdded':
      return { ...next, unanswered: [...state.unanswered, { messageId: event.data.messageId, eventNumber: event.data.eventNumber }] };
    case 'RunStarted':
      return { ...next, activeRun: { runId: event.data.runId, replyTo: event.data.replyTo } };
    case 'AssistantMessageAdded':
      return { ...next, unanswered: state.unanswered.filter((m) => m.messageId !== event.data.replyTo) };
    case 'RunCompleted':
      return { ...next, activeRun: null };
    case 'RunFailed':
      // A failed run still settles its message, so one broken turn cannot block the queue forever.
      return { ...next, activeRun: null, unanswered: state.unanswered.filter((m) => m.messageId !== event.data.replyTo) };
  }
}

type Undated<E> = E extends { type: infer T; data: infer D } ? { type: T; data: Omit<D, 'eventNumber'> } : never;
type NewThreadEvent = Undated<ThreadEvent>;

/** Decides which events a command produces; numbers them from the state's head. Throws a DomainError to refuse. */
export function decide(command: ThreadCommand, state: ThreadState): ThreadEvent[] {
  const numbered = (events: NewThreadEvent[], first = state.head + 1) =>
    events.map((e, i) => ({ ...e, data: { ...e.data, eventNumber: first + i } }) as ThreadEvent);

  switch (command.type) {
    case 'CreateThread':
      if (state.exists) throw new ThreadAlreadyExists(command.threadId);
      return numbered([{ type: 'ThreadCreated', data: { threadId: command.threadId, ownerId: command.ownerId } }], 0);

    case 'ForkThread': {
      if (state.exists) throw new ThreadAlreadyExists(command.threadId);
      const { source, fromEventNumber } = command;
      // Another user's thread is reported exactly like a missing one.
      if (!source.exists || source.ownerId !== command.ownerId) throw new ThreadNotFound(command.sourceThreadId, 'source_thread_id');
      if (!Number.isInteger(fromEventNumber) || fromEventNumber < 0 || fromEventNumber > source.head) {
        throw new InvalidForkPoint(fromEventNumber, source.head);
      }
      const data = {
        threadId: command.threadId,
        ownerId: command.ownerId,
        sourceThreadId: command.sourceThreadId,
        fromEventNumber,
        unanswered: source.unansweredAtFork,
      };
      return numbered([{ type: 'ThreadForked', data }], fromEventNumber + 1);
    }

    case 'SendMessage':
      requireThread(state, command.threadId);
      if (state.ownerId !== command.userId) throw new ThreadNotFound(command.threadId);
      if (command.content.trim() === '') throw new InvalidCommand('content must not be empty', 'content');
      return numbered([{ type: 'UserMessageAdded', data: { threadId: command.threadId, messageId: command.messageId, content: command.content } }]);

    case 'StartRun': {
      requireThread(state, command.threadId);
      if (state.activeRun?.replyTo === command.replyTo) return [];
      if (state.activeRun) throw new InvalidCommand(`a run is already active on thread '${command.threadId}'`);
      if (state.unanswered[0]?.messageId !== command.replyTo) {
        throw new InvalidCommand(`message '${command.replyTo}' is not the next one awaiting a reply`);
      }
      const { threadId, runId, replyTo } = command;
      return numbered([{ type: 'RunStarted', data: { threadId, runId, mode: 'chat', replyTo } }]);
    }

    case 'CompleteRun': {
      requireThread(state, command.threadId);
      // Already answered: a redelivered or replayed completion is a no-op, never a second reply.
      if (!state.unanswered.some((m) => m.messageId === command.replyTo)) return [];
      const { threadId, runId, replyTo, messageId, content } = command;
      return numbered([
        { type: 'AssistantMessageAdded', data: { threadId, messageId, content, runId, replyTo } },
        { type: 'RunCompleted', data: { threadId, runId, replyTo } },
      ]);
    }

    case 'FailRun': {
      requireThread(state, command.threadId);
      if (!state.unanswered.some((m) => m.messageId === command.replyTo)) return [];
      const { threadId, runId, replyTo, error } = command;
      return numbered([{ type: 'RunFailed', data: { threadId, runId, replyTo, error } }]);
    }
  }
}

function requireThread(state: ThreadState, threadId: string): void {
  if (!state.exists) throw new ThreadNotFound(threadId);
}

export const foldThread = (events: ThreadEvent[], from: ThreadState = initialThreadState()): ThreadState =>
  events.reduce(evolve, from);
