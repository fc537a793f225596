import { Position } from '@forkline/event-store';
import { QueryOptions, ReadModelChange, Row, TableName } from './read-model.schema';

export interface ThreadView {
  thread_id: string;
  owner_id: string;
  parent_thread_id: string | null;
  from_event_number: number | null;
  created_at: string;
  event_number: number;
  latest_ai_message_id: string | null;
  latest_checkpoint_id: string | null;
}

export interface BranchView {
  thread_id: string;
  parent_thread_id: string;
  from_event_number: number;
  created_at: string;
}

export interface MessageView {
  thread_id: string;
  event_number: number;
  message_id: string;
  role: 'user' | 'assistant';
  content: string;
  created_at: string;
}

export interface CheckpointView {
  checkpoint_id: string;
  thread_id: string;
  event_number: number | null;
}

export interface SubscriberBatch {
  subscriber: string;
  /** Position of the last event the batch covers. */
  position: Position;
  changes: ReadModelChange[];
}

/** Where projections keep the query side. Adapters: SQLite (embedded default), MongoDB. */
export interface ReadStore {
  /** Last position applied by this subscriber, undefined when it has applied nothing. */
  checkpointOf(subscriber: string): Promise<Position | undefined>;
  /**
   * Applies each subscriber's changes and moves its checkpoint, all in one atomic step. A batch at or
   * behind its subscriber's checkpoint is skipped, so a replayed batch changes nothing.
   */
  commit(batches: SubscriberBatch[]): Promise<void>;

  getThread(threadId: string): Promise<ThreadView | null>;
  listThreads(ownerId: string): Promise<ThreadView[]>;
  listBranches(parentThreadId: string): Promise<BranchView[]>;
  /** The thread's own messages (not inherited ones) with event numbers <= upTo, in order; with `last`, the newest `last` only. */
  listMessages(threadId: string, upTo?: number, last?: number): Promise<MessageView[]>;
  /** The thread's own latest message of a role with event number <= upTo. */
  latestMessage(threadId: string, role: MessageView['role'], upTo?: number): Promise<MessageView | null>;
  getCheckpoint(checkpointId: string): Promise<CheckpointView | null>;
  /** The thread's own latest checkpoint at or before a thread event number. */
  latestCheckpoint(threadId: string, upTo?: number): Promise<CheckpointView | null>;

  /** Threads the agent may owe a reply on (the agent saga's durable to-do list). */
  agentInbox(): Promise<Array<{ thread_id: string; event_number: number }>>;
  /** Removes a thread from the inbox unless a newer event (> upTo) put it back meanwhile. */
  clearAgentInbox(threadId: string, upTo: number): Promise<void>;

  /** Removes rows outside any projection (work lists such as pending deletions, once the work is done). */
  removeRows(table: TableName, where: Row): Promise<void>;

  /** Rows of a table matching every column of `where` (for read models without a dedicated query). */
  query(table: TableName, where: Row, options?: QueryOptions): Promise<Row[]>;

  /** Every row of a table, ordered by key: for comparing a live read model with a rebuild. */
  dump(table: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');
