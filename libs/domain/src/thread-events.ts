/** The facts of a thread's life. `eventNumber` is the thread's logical, 0-based sequence across forks. */
export interface PendingMessage {
  messageId: string;
  eventNumber: number;
}

export interface ThreadCreated {
  type: 'ThreadCreated';
  data: { threadId: string; ownerId: string; eventNumber: number };
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
  };
}

export interface UserMessageAdded {
  type: 'UserMessageAdded';
  data: { threadId: string; messageId: string; content: string; eventNumber: number };
}

export interface RunStarted {
  type: 'RunStarted';
  data: { threadId: string; runId: string; mode: 'chat'; replyTo: string; eventNumber: number };
}

export interface AssistantMessageAdded {
  type: 'AssistantMessageAdded';
  data: { threadId: string; messageId: string; content: string; runId: string; replyTo: string; eventNumber: number };
}

export interface RunCompleted {
  type: 'RunCompleted';
  data: { threadId: string; runId: string; replyTo: string; eventNumber: number };
}

export interface RunFailed {
  type: 'RunFailed';
  data: { threadId: string; runId: string; replyTo: string; error: string; eventNumber: number };
}

export type ThreadEvent =
  | ThreadCreated
  | ThreadForked
  | UserMessageAdded
  | RunStarted
  | AssistantMessageAdded
  | RunCompleted
  | RunFailed;

export type ThreadEventType = ThreadEvent['type'];

export const THREAD_EVENT_TYPES: readonly ThreadEventType[] = [
  'ThreadCreated',
  'ThreadForked',
  'UserMessageAdded',
  'RunStarted',
  'AssistantMessageAdded',
  'RunCompleted',
  'RunFailed',
];

export const THREAD_SCHEMA_VERSION = 1;

export const threadStreamId = (threadId: string) => `thread-${threadId}`;
export const checkpointStreamId = (threadId: string) => `checkpoints-${threadId}`;

export function threadIdOfStream(streamId: string): string | null {
  return streamId.startsWith('thread-') ? streamId.slice('thread-'.length) : null;
}
