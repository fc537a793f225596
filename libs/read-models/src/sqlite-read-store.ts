import Database from 'better-sqlite3';
import { openSqliteDatabase, Position } from '@forkline/event-store';
import { createHash } from 'crypto';
import { QueryOptions, READ_MODEL_TABLES, ReadModelChange, Row, TableName } from './read-model.schema';
import { BranchView, CheckpointView, MessageView, ReadStore, SubscriberBatch, ThreadView } from './read-store.port';

/** Bumped when the store's own tables change; with the read-model schema it decides a rebuild. */
const STORE_LAYOUT = 2;

const THREAD_VIEW = `SELECT t.*, h.event_number, h.latest_ai_message_id, h.latest_checkpoint_id
  FROM threads t JOIN heads h ON h.thread_id = t.thread_id`;

/** The embedded read side: one SQLite file, a table per read model, checkpoints in the same transaction. */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly q;

  constructor(file: string) {
    this.db = openSqliteDatabase(file);
    this.createTables();
    this.q = {
      checkpoint: this.db.prepare('SELECT position FROM projection_checkpoints WHERE subscriber = ?'),
      saveCheckpoint: this.db.prepare(
        'INSERT INTO projection_checkpoints (subscriber, position) VALUES (?, ?) ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position',
      ),
      thread: this.db.prepare(`${THREAD_VIEW} WHERE t.thread_id = ?`),
      threads: this.db.prepare(`${THREAD_VIEW} WHERE t.owner_id = ? ORDER BY t.created_at, t.thread_id`),
      branches: this.db.prepare('SELECT * FROM branches WHERE parent_thread_id = ? ORDER BY created_at, thread_id'),
      messages: this.db.prepare('SELECT * FROM messages WHERE thread_id = ? AND event_number <= ? ORDER BY event_number'),
      lastMessages: this.db.prepare('SELECT * FROM messages WHERE thread_id = ? AND event_number <= ? ORDER BY event_number DESC LIMIT ?'),
      latestMessage: this.db.prepare(
        'SELECT * FROM messages WHERE thread_id = ? AND role = ? AND event_number <= ? ORDER BY event_number DESC LIMIT 1',
      ),
      checkpointById: this.db.prepare('SELECT * FROM checkpoints WHERE checkpoint_id = ?'),
      latestCheckpoint: this.db.prepare(
        'SELECT * FROM checkpoints WHERE thread_id = ? AND event_number <= ? ORDER BY event_number DESC, saved_at DESC, rowid DESC LIMIT 1',
      ),
      inbox: this.db.prepare('SELECT * FROM agent_inbox ORDER BY thread_id'),
      clearInbox: this.db.prepare('DELETE FROM agent_inbox WHERE thread_id = ? AND event_number <= ?'),
    };
  }

  /** When the read-model schema changed since this file was written, start it over: projections rebuild it from the log. */
  private createTables(): void {
    const schema = createHash('sha256')
      .update(JSON.stringify([STORE_LAYOUT, READ_MODEL_TABLES]))
      .digest('hex');
    this.db.exec('CREATE TABLE IF NOT EXISTS read_model_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const stored = this.db.prepare("SELECT value FROM read_model_meta WHERE name = 'schema'").get() as { value: string } | undefined;
    if (stored?.value !== schema) {
      for (const name of [...Object.keys(READ_MODEL_TABLES), 'projection_checkpoints']) this.db.exec(`DROP TABLE IF EXISTS ${name}`);
      this.db.prepare("INSERT OR REPLACE INTO read_model_meta (name, value) VALUES ('schema', ?)").run(schema);
    }
    // Positions as text: EventStoreDB positions need 128 bits.
    this.db.exec('CREATE TABLE IF NOT EXISTS projection_checkpoints (subscriber TEXT PRIMARY KEY, position TEXT NOT NULL)');
    for (const [name, t] of Object.entries(READ_MODEL_TABLES)) {
      const columns = [
        ...t.key.map((k) => `${k} ${k === 'event_number' ? 'INTEGER' : 'TEXT'} NOT NULL`),
        ...Object.entries(t.columns)
          .filter(([c]) => !(t.key as readonly string[]).includes(c))
          .map(([c, type]) => `${c} ${type}`),
      ];
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${name} (${columns.join(', ')}, PRIMARY KEY (${t.key.join(', ')}))`);
      for (const index of t.indexes) {
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${name}_${index.join('_')} ON ${name} (${index.join(', ')})`);
      }
    }
  }

  async checkpointOf(subscriber: string): Promise<Position | undefined> {
    const row = this.q.checkpoint.get(subscriber) as { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
  }

  async commit(batches: SubscriberBatch[]): Promise<void> {
    this.db.transaction(() => {
      for (const { subscriber, position, changes } of batches) {
        const current = this.q.checkpoint.get(subscriber) as { position: string } | undefined;
        if (current && BigInt(current.position) >= position) continue;
        for (const change of changes) this.apply(change);
        this.q.saveCheckpoint.run(subscriber, position.toString());
      }
    })();
  }

  private statements = new Map<string, Database.Statement>();

  private apply(change: ReadModelChange): void {
    const key: readonly string[] = READ_MODEL_TABLES[change.table].key;
    if ('increment' in change) {
      const sets = Object.keys(change.increment).map((c) => `${c} = COALESCE(${c}, 0) + @inc_${c}`);
      const where = Object.keys(change.key)
        .map((k) => `${k} = @${k}`)
        .join(' AND ');
      const params = { ...change.key, ...Object.fromEntries(Object.entries(change.increment).map(([c, v]) => [`inc_${c}`, v])) };
      this.prepared(`UPDATE ${change.table} SET ${sets.join(', ')} WHERE ${where}`).run(params);
      return;
    }
    if ('delete' in change) {
      const where = Object.keys(change.delete)
        .map((k) => `${k} = @${k}`)
        .join(' AND ');
      this.prepared(`DELETE FROM ${change.table} WHERE ${where}`).run(change.delete);
      return;
    }
    const cols = Object.keys(change.upsert);
    const updates = cols.filter((c) => !key.includes(c));
    const sql =
      `INSERT INTO ${change.table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')}) ON CONFLICT (${key.join(', ')}) ` +
      (updates.length ? `DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}` : 'DO NOTHING');
    this.prepared(sql).run(change.upsert);
  }

  private prepared(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
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
    if (last !== undefined) return (this.q.lastMessages.all(threadId, upTo, last) as MessageView[]).reverse();
    return this.q.messages.all(threadId, upTo) as MessageView[];
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

  async agentInbox(): Promise<Array<{ thread_id: string; event_number: number }>> {
    return this.q.inbox.all() as Array<{ thread_id: string; event_number: number }>;
  }

  async clearAgentInbox(threadId: string, upTo: number): Promise<void> {
    this.q.clearInbox.run(threadId, upTo);
  }

  async removeRows(table: TableName, where: Row): Promise<void> {
    this.apply({ table, delete: where });
  }

  async query(table: TableName, where: Row, options: QueryOptions = {}): Promise<Row[]> {
    const columns = new Set([...READ_MODEL_TABLES[table].key, ...Object.keys(READ_MODEL_TABLES[table].columns)]);
    const named = [...Object.keys(where), options.orderBy, options.after?.column].filter((c): c is string => c !== undefined);
    const unknown = named.find((c) => !columns.has(c));
    if (unknown) throw new Error(`unknown column '${unknown}' of read model '${table}'`);
    const conditions = Object.keys(where).map((c) => `${c} = @${c}`);
    if (options.after) conditions.push(`${options.after.column} > @after_value`);
    const sql =
      `SELECT * FROM ${table}` +
      (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') +
      (options.orderBy ? ` ORDER BY ${options.orderBy} ${options.desc ? 'DESC' : 'ASC'}` : '') +
      (options.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : '');
    return this.prepared(sql).all({ ...where, after_value: options.after?.value ?? null }) as Row[];
  }

  /** A consistent copy of this store, taken while it is in use (SQLite's online backup). */
  async backupTo(file: string): Promise<void> {
    await this.db.backup(file);
  }

  /** Forgets what these subscribers projected: their tables are emptied and their checkpoints removed. */
  async reset(subscribers: string[], tables: TableName[]): Promise<void> {
    this.db.transaction(() => {
      for (const table of tables) this.db.exec(`DELETE FROM ${table}`);
      for (const subscriber of subscribers) this.db.prepare('DELETE FROM projection_checkpoints WHERE subscriber = ?').run(subscriber);
    })();
  }

  async dump(table: string): Promise<Record<string, unknown>[]> {
    const t = READ_MODEL_TABLES[table as TableName];
    if (!t) throw new Error(`unknown read model table '${table}'`);
    return this.db.prepare(`SELECT * FROM ${table} ORDER BY ${t.key.join(', ')}`).all() as Row[];
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
