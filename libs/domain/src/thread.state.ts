import { PendingMessage, RunMode, ThreadEvent } from './thread-events';

/** What the write side needs to know about one thread stream, folded from that stream only. */
export interface ThreadState {
  exists: boolean;
  threadId: string | null;
  ownerId: string | null;
  /** The agent that answers in the thread; null on threads from before agents (the owner's default agent). */
  agentId: string | null;
  /** Event number of the stream's first event: 0 for a root thread, N+1 for a fork at N. */
  base: number;
  /** Event number of the latest event, -1 before the thread exists. */
  head: number;
  /** User messages without a reply yet, oldest first: the agent answers them in this order. */
  unanswered: PendingMessage[];
  /**
   * `mode` and `agent` as RunStarted recorded them, so a run resumed after a restart answers as it began; `claim`: who
   * runs it now (absent on runs no lease guards), with the event number of the event that gave it (its lease starts there).
   */
  activeRun: {
    runId: string;
    replyTo: string;
    mode?: RunMode;
    agent?: { agentId: string; agentVersion: number };
    claim?: HeldClaim;
  } | null;
  /** The run the user stopped most recently, until its partial answer is kept (by the claim that was running it). */
  stoppedRun: { runId: string; replyTo: string; claim?: HeldClaim } | null;
}

export interface HeldClaim {
  workerId: string;
  attempt: number;
  eventNumber: number;
}

export const initialThreadState = (): ThreadState => ({
  exists: false,
  threadId: null,
  ownerId: null,
  agentId: null,
  base: 0,
  head: -1,
  unanswered: [],
  activeRun: null,
  stoppedRun: null,
});

const settle = (state: ThreadState, messageId: string) => state.unanswered.filter((m) => m.messageId !== messageId);

export function evolve(state: ThreadState, event: ThreadEvent): ThreadState {
  const next = { ...state, head: event.data.eventNumber };
  switch (event.type) {
    case 'ThreadCreated':
      return {
        ...next,
        exists: true,
        threadId: event.data.threadId,
        ownerId: event.data.ownerId,
        agentId: event.data.agentId ?? null,
        base: 0,
      };
    case 'ThreadForked':
      return {
        ...next,
        exists: true,
        threadId: event.data.threadId,
        ownerId: event.data.ownerId,
        agentId: event.data.agentId ?? null,
        base: event.data.eventNumber,
        unanswered: event.data.unanswered,
      };
    case 'UserMessageAdded': {
      const { messageId, eventNumber, mode } = event.data;
      return { ...next, unanswered: [...state.unanswered, { messageId, eventNumber, ...(mode ? { mode } : {}) }] };
    }
    case 'RunStarted': {
      const { runId, replyTo, mode, agentId, agentVersion, workerId, attempt, eventNumber } = event.data;
      const agent = agentId !== undefined && agentVersion !== undefined ? { agent: { agentId, agentVersion } } : {};
      const claim = workerId !== undefined ? { claim: { workerId, attempt: attempt ?? 1, eventNumber } } : {};
      return { ...next, activeRun: { runId, replyTo, mode, ...agent, ...claim }, stoppedRun: null };
    }
    case 'RunResumed': {
      const { runId, workerId, attempt, eventNumber } = event.data;
      if (state.activeRun?.runId !== runId) return next;
      return { ...next, activeRun: { ...state.activeRun, claim: { workerId, attempt, eventNumber } } };
    }
    case 'AssistantMessageAdded':
      return event.data.stopped ? { ...next, stoppedRun: null } : { ...next, unanswered: settle(state, event.data.replyTo) };
    case 'RunCompleted':
      return { ...next, activeRun: null };
    case 'RunFailed':
      // A failed run still settles its message, so one broken turn cannot block the queue forever.
      return { ...next, activeRun: null, unanswered: settle(state, event.data.replyTo) };
    case 'RunStopped': {
      const { runId, replyTo } = event.data;
      const claim = state.activeRun?.runId === runId ? state.activeRun?.claim : undefined;
      const stoppedRun = runId ? { runId, replyTo, ...(claim && { claim }) } : null;
      return { ...next, activeRun: null, unanswered: settle(state, replyTo), stoppedRun };
    }
    case 'MessageDeleted': {
      const answering = state.activeRun?.replyTo === event.data.messageId;
      return { ...next, unanswered: settle(state, event.data.messageId), activeRun: answering ? null : state.activeRun };
    }
    case 'HistoryCleared':
      return { ...next, unanswered: [], activeRun: null, stoppedRun: null };
    case 'ThreadDeleted':
      return { ...initialThreadState(), head: event.data.eventNumber };
    default:
      return next;
  }
}

export const foldThread = (events: ThreadEvent[], from: ThreadState = initialThreadState()): ThreadState => events.reduce(evolve, from);
