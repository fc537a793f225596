import { ConversationPinCommand } from './conversation-pin.decider';
import { DifyThreadCommand } from './dify-thread.decider';
import { LangGraphThreadCommand } from './langgraph-thread.decider';
import { AttachedFile, PendingMessage, RunMode, RunStats } from './thread-events';

/**
 * Who runs a run now: a worker (one per process) and its attempt. The agent names it on every command of a run, and
 * the decider refuses the command unless it is the run's current claim: a worker that lost its lease appends nothing.
 */
export interface RunClaim {
  workerId: string;
  attempt: number;
}

/** Stats to record with the event that ends a run. */
export type EndOfRunStats = RunStats & { statId: string; mode: RunMode };

export type ThreadCommand =
  | { type: 'CreateThread'; threadId: string; ownerId: string; agentId?: string }
  | {
      type: 'ForkThread';
      threadId: string;
      ownerId: string;
      sourceThreadId: string;
      fromEventNumber: number;
      /** Facts about the source read by the handler: its owner, head, and what was unanswered at the fork point. */
      source: { exists: boolean; ownerId: string | null; head: number; unansweredAtFork: PendingMessage[]; agentId?: string };
    }
  | {
      type: 'SendMessage';
      threadId: string;
      userId: string;
      messageId: string;
      content: string;
      mode?: RunMode;
      files?: AttachedFile[];
      metadata?: Record<string, unknown>;
      /**
       * An answer known without the model (a Dify annotation reply): appended with the message, as its run's reply, in
       * the same append, so no agent ever claims it. Used only when nothing else waits for an answer (replies keep order).
       */
      reply?: { runId: string; messageId: string; content: string; agent?: { agentId: string; agentVersion: number } };
    }
  | { type: 'UpdateThread'; threadId: string; userId: string; name?: string; description?: string; tags?: string[] }
  /** `message` is what the handler found in the read model: the thread's own, not deleted, with its file ids. */
  | { type: 'DeleteMessage'; threadId: string; userId: string; messageId: string; message: { fileIds: string[] } | null }
  | {
      type: 'RemoveMessageFile';
      threadId: string;
      userId: string;
      messageId: string;
      fileId: string;
      message: { fileIds: string[] } | null;
    }
  | { type: 'DeleteThread'; threadId: string; userId: string; branchCount: number }
  /** `replyTo`: stop the run of that message only (a queued one is taken out of the queue); nothing when it is settled. */
  | { type: 'StopRun'; threadId: string; userId: string; replyTo?: string }
  /** Stops every message still waiting for its answer, then ends the history there (HistoryCleared). */
  | { type: 'ClearHistory'; threadId: string; userId: string }
  /** `mode`: the agent's, used when the message names none; `agent`: the agent version the run answers with. */
  | {
      type: 'StartRun';
      threadId: string;
      runId: string;
      replyTo: string;
      mode?: RunMode;
      agent?: { agentId: string; agentVersion: number };
      /** The worker claiming the run (as its attempt 1); absent: a run no lease guards (tools, benchmarks). */
      workerId?: string;
    }
  /** Takes an active run's next attempt: refused (no events) unless `attempt` is the current one plus one. */
  | { type: 'ResumeRun'; threadId: string; runId: string; attempt: number; workerId: string }
  | {
      type: 'RecordLog';
      threadId: string;
      runId: string;
      logId: string;
      level: 'info' | 'warning' | 'error';
      message: string;
      step?: string;
      progress?: number;
      claim?: RunClaim;
    }
  | ({ type: 'CompleteRun' } & RunReply)
  | ({ type: 'RecordPartialReply' } & RunReply)
  | { type: 'FailRun'; threadId: string; runId: string; replyTo: string; error: string; stats?: EndOfRunStats; claim?: RunClaim }
  | DifyThreadCommand
  | ConversationPinCommand
  | LangGraphThreadCommand;

/** A run's answer: whole (CompleteRun) or, for a stopped run, what it had streamed (RecordPartialReply). */
interface RunReply {
  threadId: string;
  runId: string;
  replyTo: string;
  messageId: string;
  content: string;
  stats?: EndOfRunStats;
  claim?: RunClaim;
}
