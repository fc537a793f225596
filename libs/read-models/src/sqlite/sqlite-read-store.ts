import Database from 'better-sqlite3';
import { LimitClauses, LimitedStatements, makePrivate, openSqliteDatabase, Position, truncateWal } from '@forkline/event-store';
import { checkConditions, QueryOptions, READ_MODEL_TABLES, ReadModelChange, RowOf, TableName } from '../read-model.schema';
import {
  BranchView,
  CheckpointView,
  FollowsAnotherEventStore,
  MessageView,
  ReadStore,
  SubscriberBatch,
  ThreadView,
} from '../read-store.port';
import { coalesced, FoldedUpsert } from './coalesced-changes';
import { newRowGroups } from './new-thread-rows';
import { SqliteRowWrites, statementCache, statementsByShape } from './sqlite-row-writes';
import { createReadModelTables } from './sqlite-tables';
import { STORED } from './stored-tables';
import { InboxClear, InboxClears } from './inbox-clears';
import { OWNER_TOTAL } from './owner-totals';
import { ProjectionCheckpoints } from './projection-checkpoints';

const THREAD_VIEW = `SELECT t.*, h.event_number, h.latest_ai_message_id, h.latest_checkpoint_id
  FROM threads t JOIN heads h ON h.thread_id = t.thread_id`;

/** The embedded read side: one SQLite file, a view per read model (see sqlite-tables), checkpoints in the same transaction. */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly prepared: (sql: string) => Database.Statement;
  private readonly writes: SqliteRowWrites;
  private readonly q;
  private readonly limits = new LimitClauses();
  /** query()'s statements by shape (table, condition columns, options): the SQL text is built once per shape. */
  private readonly queries: (shape: string, sql: () => string) => Database.Statement;
  /** Made once: better-sqlite3 builds a wrapper per transaction() call, a cost every projected batch paid. */
  private readonly commitTx: (batches: SubscriberBatch[], clears: InboxClear[]) => void;
  /** The agent's inbox clears ride on the next projection commit (see InboxClears). */
  private readonly clears: InboxClears;
  private readonly checkpoints: ProjectionCheckpoints;

  constructor(file: string) {
    this.db = openSqliteDatabase(file);
    // A checkpoint every 4000 WAL pages (16 MB) instead of 1000: a projection commit writes some twenty pages, mostly
    // the same few index leaves again, which a longer log copies into the file once, with a quarter of the fsyncs.
    this.db.pragma('wal_autocheckpoint = 4000');
    createReadModelTables(this.db);
    this.prepared = statementCache(this.db);
    this.writes = new SqliteRowWrites(this.prepared);
    this.queries = statementsByShape(this.prepared);
    this.checkpoints = new ProjectionCheckpoints(this.db);
    this.q = {
      thread: this.db.prepare(`${THREAD_VIEW} WHERE t.thread_id = ?`),
      threads: this.db.prepare(`${THREAD_VIEW} WHERE t.owner_id = ? ORDER BY t.created_at, t.thread_id`),
      branches: this.db.prepare('SELECT * FROM branches WHERE parent_thread_id = ? ORDER BY created_at, thread_id'),
      messages: this.db.prepare('SELECT * FROM messages WHERE thread_id = ? AND event_number <= ? ORDER BY event_number'),
      lastMessages: new LimitedStatements(
        this.db,
        'SELECT * FROM messages WHERE thread_id = ? AND event_number <= ? ORDER BY event_number DESC',
      ),
      latestMessage: this.db.prepare(
        'SELECT * FROM messages WHERE thread_id = ? AND role = ? AND event_number <= ? ORDER BY event_number DESC LIMIT 1',
      ),
      // A tombstone's role is null: the (thread_id, role, event_number) index alone answers, no row is visited.
      countMessages: this.db
        .prepare(
          `SELECT COUNT(*) FROM ${STORED.messages.table} ` +
            "WHERE thread_id = ? AND role IN ('user', 'assistant') AND event_number > ? AND event_number <= ?",
        )
        .pluck(),
      checkpointById: this.db.prepare('SELECT * FROM checkpoints WHERE checkpoint_id = ?'),
      // From the table behind the view, for its rowid: of checkpoints saved at once, the last one written.
      latestCheckpoint: this.db.prepare(
        `SELECT checkpoint_id, thread_id, event_number, saved_at FROM ${STORED.checkpoints.table} ` +
          'WHERE thread_id = ? AND event_number <= ? AND row_deleted IS NULL ORDER BY event_number DESC, saved_at DESC, rowid DESC LIMIT 1',
      ),
      // Kept by triggers on thread_sizes (see owner-totals): one row whatever the owner's number of threads.
      ownerTotal: this.db.prepare(OWNER_TOTAL).pluck(),
      inbox: this.db.prepare('SELECT * FROM agent_inbox ORDER BY thread_id'),
      clearInbox: this.db.prepare(`DELETE FROM ${STORED.agent_inbox.table} WHERE thread_id = ? AND event_number <= ?`),
    };
    const clearInbox = (clears: InboxClear[]) => clears.forEach((c) => this.q.clearInbox.run(c.threadId, c.upTo));
    this.clears = new InboxClears(this.db.transaction(clearInbox));
    this.commitTx = this.db.transaction((batches: SubscriberBatch[], clears: InboxClear[]) => {
      // First, as they were asked for before this commit: a clear never removes a row this batch adds (it is newer).
      clearInbox(clears);
      const current = this.checkpoints.all();
      const writes: Array<ReadModelChange | FoldedUpsert> = [];
      let moved = false;
      for (const batch of batches) {
        const at = current.get(batch.subscriber);
        if (at !== undefined && BigInt(at) >= batch.position) continue;
        for (const change of coalesced(batch.changes)) writes.push(change);
        current.set(batch.subscriber, batch.position.toString());
        moved = true;
      }
      for (const write of newRowGroups(writes))
        if (!Array.isArray(write)) this.apply(write);
        else if (!this.writes.insertRow(write)) write.forEach((w) => this.apply(w));
      if (moved) this.checkpoints.save(current);
    });
  }

  private apply(change: ReadModelChange | FoldedUpsert): void {
    if (!('parts' in change)) return void this.writes.apply(change);
    // A row newer than the run's first change (a batch applied again) takes the run change by change.
    if (!this.writes.apply(change, change.from)) for (const part of change.parts) this.writes.apply(part);
  }

  async checkpointOf(subscriber: string): Promise<Position | undefined> {
    return this.checkpoints.of(subscriber);
  }

  async commit(batches: SubscriberBatch[]): Promise<void> {
    this.clears.with((clears) => this.commitTx(batches, clears));
  }

  async getThread(threadId: string): Promise<ThreadView | null> {
    return (this.q.thread.get(threadId) as ThreadView | undefined) ?? null;
  }

  async listThreads(ownerId: string): Promise<ThreadView[]> {
    return this.q.threads.all(ownerId) as ThreadView[];
  }

  async listBranches(parentThreadId: string): Promise<BranchView[]> {
    return this.q.branches.all(parentThreadId) as BranchView[];
  }

  async listMessages(threadId: string, upTo = Number.MAX_SAFE_INTEGER, last?: number): Promise<MessageView[]> {
    if (last !== undefined) return (this.q.lastMessages.all([threadId, upTo], last) as MessageView[]).reverse();
    return this.q.messages.all(threadId, upTo) as MessageView[];
  }

  async countMessages(threadId: string, after: number, upTo: number): Promise<number> {
    return this.q.countMessages.get(threadId, after, upTo) as number;
  }

  async latestMessage(threadId: string, role: MessageView['role'], upTo = Number.MAX_SAFE_INTEGER): Promise<MessageView | null> {
    return (this.q.latestMessage.get(threadId, role, upTo) as MessageView | undefined) ?? null;
  }

  async getCheckpoint(checkpointId: string): Promise<CheckpointView | null> {
    return (this.q.checkpointById.get(checkpointId) as CheckpointView | undefined) ?? null;
  }

  async latestCheckpoint(threadId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<CheckpointView | null> {
    return (this.q.latestCheckpoint.get(threadId, upTo) as CheckpointView | undefined) ?? null;
  }

  async agentInbox(): Promise<RowOf<'agent_inbox'>[]> {
    this.clears.flush(); // the clears asked for before this read are in what it returns
    return this.q.inbox.all() as RowOf<'agent_inbox'>[];
  }

  async clearAgentInbox(threadId: string, upTo: number): Promise<void> {
    return this.clears.add(threadId, upTo);
  }

  async removeRows<T extends TableName>(table: T, where: Partial<RowOf<T>>): Promise<void> {
    checkConditions(table, where);
    this.writes.remove(table, where);
  }

  /** Tombstones keep only keys and secure_delete zeroed the old cells; emptying the WAL removes the last copies. */
  async eraseDeleted(): Promise<void> {
    truncateWal(this.db);
  }

  async query<T extends TableName>(table: T, where: Partial<RowOf<T>>, options: QueryOptions = {}): Promise<RowOf<T>[]> {
    checkConditions(table, where, options);
    const names = Object.keys(where);
    const { after, upTo } = options;
    const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(options.limit));
    // Written into the text for the few limits the code uses (a bound one re-prepares the statement each run: see
    // LimitedStatements); bound for the rest, as clients choose page sizes and each distinct text stays in the cache.
    const literal = limit === undefined ? '' : (this.limits.literal(limit) ?? ' LIMIT ?');
    const shape = `${table}|${names}|${after?.column}|${upTo?.column}|${options.columns}|${options.orderBy}|${options.desc}|${literal}`;
    const stmt = this.queries(shape, () => {
      const conditions = names.map((c) => `${c} = ?`);
      if (after) conditions.push(`${after.column} > ?`);
      if (upTo) conditions.push(`${upTo.column} <= ?`);
      return (
        `SELECT ${options.columns?.length ? options.columns.join(', ') : '*'} FROM ${table}` +
        (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') +
        (options.orderBy ? ` ORDER BY ${options.orderBy} ${options.desc ? 'DESC' : 'ASC'}` : '') +
        literal
      );
    });
    // Bound by place, in the order of the text above: a statement is built once per shape, not per query.
    const values: unknown[] = Object.values(where);
    if (after) values.push(after.value);
    if (upTo) values.push(upTo.value);
    if (literal === ' LIMIT ?') values.push(limit);
    return stmt.all(values) as RowOf<T>[];
  }

  async storedBytesOf(ownerId: string): Promise<number> {
    return this.q.ownerTotal.get(ownerId) as number;
  }

  async follow(eventStore: string): Promise<void> {
    this.db.prepare("INSERT OR IGNORE INTO read_model_meta (name, value) VALUES ('event_store', ?)").run(eventStore);
    const recorded = this.db.prepare("SELECT value FROM read_model_meta WHERE name = 'event_store'").pluck().get() as string;
    if (recorded !== eventStore) throw new FollowsAnotherEventStore(recorded, eventStore);
  }

  /** A consistent copy of this store, taken while it is in use (SQLite's online backup). */
  async backupTo(file: string): Promise<void> {
    makePrivate(file);
    await this.db.backup(file);
  }

  /** Forgets what these subscribers projected: their tables are emptied and their checkpoints removed. */
  async reset(subscribers: string[], tables: TableName[]): Promise<void> {
    this.clears.flush();
    this.db.transaction(() => {
      for (const table of tables) this.writes.remove(table, {});
      this.checkpoints.forget(subscribers);
    })();
  }

  async dump(table: string): Promise<Record<string, unknown>[]> {
    const t = READ_MODEL_TABLES[table as TableName];
    if (!t) throw new Error(`unknown read model table '${table}'`);
    return this.db.prepare(`SELECT * FROM ${table} ORDER BY ${t.key.join(', ')}`).all() as Record<string, unknown>[];
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.clears.flush();
    this.db.close();
  }
}
