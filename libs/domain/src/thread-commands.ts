import { PendingMessage } from './thread-events';

export type ThreadCommand =
  | { type: 'CreateThread'; threadId: string; ownerId: string }
  | {
      type: 'ForkThread';
      threadId: string;
      ownerId: string;
      sourceThreadId: string;
      fromEventNumber: number;
      /** Facts about the source read by the handler: its head, and what was unanswered at the fork point. */
      source: { exists: boolean; ownerId: string | null; head: number; unansweredAtFork: PendingMessage[] };
    }
  | { type: 'SendMessage'; threadId: string; userId: string; messageId: string; content: string }
  | { type: 'StartRun'; threadId: string; runId: string; replyTo: string }
  | { type: 'CompleteRun'; threadId: string; runId: string; replyTo: string; messageId: string; content: string }
  | { type: 'FailRun'; threadId: string; runId: string; replyTo: string; error: string };
