import { Position } from '@forkline/event-store';
import { ColumnOf, QueryOptions, ReadModelChange, RowOf, TableName } from './read-model.schema';

/** A thread with its head: what thread lists and lookups return. */
export type ThreadView = RowOf<'threads'> & RowOf<'heads'>;
export type BranchView = RowOf<'branches'>;
export type MessageView = RowOf<'messages'> & { role: 'user' | 'assistant' };
export type CheckpointView = RowOf<'checkpoints'>;

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
   * Applies each subscriber's changes and moves its checkpoint. A batch at or behind its subscriber's
   * checkpoint is skipped; and since each change applies only to rows older than its position, a
   * batch applied again (a store without transactions, crashed before its checkpoint moved) changes nothing.
   */
  commit(batches: SubscriberBatch[]): Promise<void>;

  getThread(threadId: string): Promise<ThreadView | null>;
  listThreads(ownerId: string): Promise<ThreadView[]>;
  listBranches(parentThreadId: string): Promise<BranchView[]>;
  /** The thread's own messages (not inherited ones) with event numbers <= upTo, in order; with `last`, the newest `last` only. */
  listMessages(threadId: string, upTo?: number, last?: number): Promise<MessageView[]>;
  /**
   * How many of the thread's own messages have event numbers in (after, upTo]: counted by the store, no row read out
   * (a run checks that no message it already holds was deleted without reading them again).
   */
  countMessages(threadId: string, after: number, upTo: number): Promise<number>;
  /** The thread's own latest message of a role with event number <= upTo. */
  latestMessage(threadId: string, role: MessageView['role'], upTo?: number): Promise<MessageView | null>;
  getCheckpoint(checkpointId: string): Promise<CheckpointView | null>;
  /** The thread's own latest checkpoint at or before a thread event number. */
  latestCheckpoint(threadId: string, upTo?: number): Promise<CheckpointView | null>;

  /** Threads the agent may owe a reply on (the agent saga's durable to-do list). */
  agentInbox(): Promise<RowOf<'agent_inbox'>[]>;
  /** Removes a thread from the inbox unless a newer event (> upTo) put it back meanwhile. */
  clearAgentInbox(threadId: string, upTo: number): Promise<void>;

  /**
   * Removes rows outside any projection (work lists such as pending deletions, once the work is done). Not
   * position-guarded: an event replayed later may bring a row back, which a work list's worker tolerates.
   */
  removeRows<T extends TableName>(table: T, where: Partial<RowOf<T>>): Promise<void>;
  /** Leaves no copy of deleted rows in the store's own files (the embedded store empties its WAL); run after a purge. */
  eraseDeleted?(): Promise<void>;

  /** Rows of a table matching every column of `where` (for read models without a dedicated query). */
  query<T extends TableName, C extends ColumnOf<T>>(
    table: T,
    where: Partial<RowOf<T>>,
    options: QueryOptions & { columns: readonly C[] },
  ): Promise<Pick<RowOf<T>, C>[]>;
  query<T extends TableName>(table: T, where: Partial<RowOf<T>>, options?: QueryOptions): Promise<RowOf<T>[]>;

  /**
   * The bytes an owner's live threads store (their thread_sizes rows added up, 0 for none): what the storage quota
   * checks on every user message, so each store answers it without reading the rows out.
   */
  storedBytesOf(ownerId: string): Promise<number>;

  /**
   * Records the event store whose log this store's read models come from (its `EventStore.identity()`), or,
   * when another one is recorded, throws FollowsAnotherEventStore: read models of one log are wrong for any other.
   */
  follow(eventStore: string): Promise<void>;

  /** Every row of a table, ordered by key: for comparing a live read model with a rebuild. */
  dump(table: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');

/** The read store was built from another event store's log than the one it is asked to follow. */
export class FollowsAnotherEventStore extends Error {
  constructor(
    readonly recorded: string,
    readonly given: string,
  ) {
    super(`the read models follow event store '${recorded}', not '${given}'`);
    this.name = 'FollowsAnotherEventStore';
  }
}
