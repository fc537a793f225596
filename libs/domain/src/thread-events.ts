import { CONVERSATION_PIN_EVENT_TYPES, ConversationPinEvent } from './conversation-pin-events';
import { DIFY_THREAD_EVENT_TYPES, DifyThreadEvent } from './dify-thread-events';
import { LANGGRAPH_THREAD_EVENT_TYPES, LangGraphThreadEvent } from './langgraph-thread-events';

/** The facts of a thread's life. `eventNumber` is the thread's logical, 0-based sequence across forks. */
/** How the agent answers a message: a plain reply, a planned sequence of steps, or a tool-calling loop. */
export type RunMode = 'chat' | 'actionplan' | 'react';

export interface PendingMessage {
  messageId: string;
  eventNumber: number;
  /** Absent on messages from before modes existed: 'chat'. */
  mode?: RunMode;
}

/** A file reference attached to a user message; `content` (text) makes it searchable by the React agent. */
export interface AttachedFile {
  id: string;
  name: string;
  mimeType?: string;
  url?: string;
  size?: number;
  content?: string;
}

export interface RunStats {
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
}

export interface ThreadCreated {
  type: 'ThreadCreated';
  /** `agentId`: the agent that answers in the thread; absent on events from before agents (the owner's default agent). */
  data: { threadId: string; ownerId: string; eventNumber: number; agentId?: string };
}

export interface ThreadForked {
  type: 'ThreadForked';
  data: {
    threadId: string;
    ownerId: string;
    sourceThreadId: string;
    fromEventNumber: number;
    eventNumber: number;
    /** User messages at or before the fork point that had no reply yet: the fork answers them itself. */
    unanswered: PendingMessage[];
    /** The source's agent (absent on events from before agents: the owner's default agent). */
    agentId?: string;
  };
}

export interface UserMessageAdded {
  type: 'UserMessageAdded';
  data: {
    threadId: string;
    messageId: string;
    content: string;
    eventNumber: number;
    mode?: RunMode;
    /** References only: the text is in the message's DocumentAttached events. Events stored before that change also carry `content` here. */
    files?: AttachedFile[];
    metadata?: Record<string, unknown>;
  };
}

export interface RunStarted {
  type: 'RunStarted';
  /**
   * The agent and its version the run answers with (absent on runs from before agents); the worker that claimed
   * the run and its attempt, 1 (absent on runs from before leases, and on runs started by tools that hold no lease).
   */
  data: {
    threadId: string;
    runId: string;
    mode: RunMode;
    replyTo: string;
    eventNumber: number;
    agentId?: string;
    agentVersion?: number;
    workerId?: string;
    attempt?: number;
  };
}

/** Another worker took the run over after its holder's lease expired (or its holder took it up again): the run's next attempt. */
export interface RunResumed {
  type: 'RunResumed';
  data: { threadId: string; runId: string; replyTo: string; attempt: number; workerId: string; eventNumber: number };
}

export interface AssistantMessageAdded {
  type: 'AssistantMessageAdded';
  /** `stopped`: the partial answer of a run stopped by the user. */
  data: { threadId: string; messageId: string; content: string; runId: string; replyTo: string; eventNumber: number; stopped?: boolean };
}

export interface RunCompleted {
  type: 'RunCompleted';
  data: { threadId: string; runId: string; replyTo: string; eventNumber: number };
}

export interface RunFailed {
  type: 'RunFailed';
  data: { threadId: string; runId: string; replyTo: string; error: string; eventNumber: number };
}

export interface RunStopped {
  type: 'RunStopped';
  /** runId is null when the message was stopped before its run started. */
  data: { threadId: string; runId: string | null; replyTo: string; eventNumber: number };
}

export interface LogRecorded {
  type: 'LogRecorded';
  data: {
    threadId: string;
    runId: string;
    logId: string;
    level: 'info' | 'warning' | 'error';
    message: string;
    /** Set on step logs: what the run is doing now and how far it is (0-100). */
    step?: string;
    progress?: number;
    eventNumber: number;
  };
}

export interface StatRecorded {
  type: 'StatRecorded';
  data: { threadId: string; runId: string; statId: string; mode: RunMode; eventNumber: number } & RunStats;
}

export interface ThreadUpdated {
  type: 'ThreadUpdated';
  data: { threadId: string; name?: string; description?: string; tags?: string[]; eventNumber: number };
}

export interface DocumentAttached {
  type: 'DocumentAttached';
  data: { threadId: string; messageId: string; document: AttachedFile; eventNumber: number };
}

export interface MessageDeleted {
  type: 'MessageDeleted';
  data: { threadId: string; messageId: string; eventNumber: number };
}

export interface MessageFileRemoved {
  type: 'MessageFileRemoved';
  data: { threadId: string; messageId: string; fileId: string; eventNumber: number };
}

/**
 * The user cleared the conversation: nothing before this event is history any more (the agent's context, message
 * lists), while the events stay in the log for the audit trail and for viewing the thread as it was before.
 */
export interface HistoryCleared {
  type: 'HistoryCleared';
  data: { threadId: string; eventNumber: number };
}

export interface ThreadDeleted {
  type: 'ThreadDeleted';
  data: { threadId: string; eventNumber: number };
}

export type ThreadEvent =
  | ThreadCreated
  | ThreadForked
  | UserMessageAdded
  | RunStarted
  | RunResumed
  | AssistantMessageAdded
  | RunCompleted
  | RunFailed
  | RunStopped
  | LogRecorded
  | StatRecorded
  | ThreadUpdated
  | DocumentAttached
  | MessageDeleted
  | MessageFileRemoved
  | HistoryCleared
  | ThreadDeleted
  | DifyThreadEvent
  | ConversationPinEvent
  | LangGraphThreadEvent;

export type ThreadEventType = ThreadEvent['type'];

export const THREAD_EVENT_TYPES: readonly ThreadEventType[] = [
  'ThreadCreated',
  'ThreadForked',
  'UserMessageAdded',
  'RunStarted',
  'AssistantMessageAdded',
  'RunCompleted',
  'RunFailed',
  'RunStopped',
  'LogRecorded',
  'StatRecorded',
  'ThreadUpdated',
  'DocumentAttached',
  'MessageDeleted',
  'MessageFileRemoved',
  'ThreadDeleted',
  'RunResumed',
  'HistoryCleared',
  ...DIFY_THREAD_EVENT_TYPES,
  ...CONVERSATION_PIN_EVENT_TYPES,
  ...LANGGRAPH_THREAD_EVENT_TYPES,
];

export const THREAD_SCHEMA_VERSION = 1;
