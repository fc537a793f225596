import { createHash } from 'crypto';
import { Position } from '@forkline/event-store';

/**
 * A column's SQL type. ' NULL' marks a column that may hold null; the others are always written by the projector
 * that creates the row, which the row types below (and so the projectors' changes) promise, not the stores.
 */
type ColumnType = 'TEXT' | 'INTEGER' | 'TEXT NULL' | 'INTEGER NULL';

interface TableSchema<C extends Record<string, ColumnType>, K extends keyof C & string> {
  key: readonly K[];
  columns: C;
  indexes: readonly (readonly (keyof C & string)[])[];
}

/** Checks at compile time that a table's key and indexes name its own columns. */
const table = <const C extends Record<string, ColumnType>, const K extends keyof C & string>(t: TableSchema<C, K>) => t;

/**
 * The read models as tables (SQLite) or collections (MongoDB). Projectors emit upserts and deletes
 * against these; each adapter creates them from this one description.
 */
export const READ_MODEL_TABLES = {
  threads: table({
    key: ['thread_id'],
    columns: {
      thread_id: 'TEXT',
      owner_id: 'TEXT',
      parent_thread_id: 'TEXT NULL',
      from_event_number: 'INTEGER NULL',
      created_at: 'TEXT',
      /** The agent that answers in the thread (the owner's default agent for threads from before agents). */
      agent_id: 'TEXT',
    },
    indexes: [['owner_id']],
  }),
  /** Agent definitions as written (a user's default agent has no row until first edited); deleted ones are removed. */
  agents: table({
    key: ['agent_id'],
    columns: {
      agent_id: 'TEXT',
      owner_id: 'TEXT',
      slug: 'TEXT',
      name: 'TEXT',
      description: 'TEXT',
      mode: 'TEXT',
      /** Null: the server's MODEL. */
      model: 'TEXT NULL',
      system_prompt: 'TEXT',
      /** JSON array of tool names; null: all built-in tools. */
      tools: 'TEXT NULL',
      opening_statement: 'TEXT',
      /** JSON arrays and object. */
      suggested_questions: 'TEXT',
      triggers: 'TEXT',
      metadata: 'TEXT',
      version: 'INTEGER',
      created_at: 'TEXT',
      updated_at: 'TEXT',
    },
    indexes: [['owner_id', 'created_at']],
  }),
  /** App keys not revoked, by the SHA-256 of the key (what a request's key is looked up by); a deleted agent's are removed. */
  app_keys: table({
    key: ['key_sha256'],
    columns: {
      key_sha256: 'TEXT',
      key_id: 'TEXT',
      agent_id: 'TEXT',
      owner_id: 'TEXT',
      /** The key's last characters, to tell keys apart. */
      hint: 'TEXT',
      created_at: 'TEXT',
    },
    indexes: [['agent_id', 'created_at']],
  }),
  heads: table({
    key: ['thread_id'],
    columns: { thread_id: 'TEXT', event_number: 'INTEGER', latest_ai_message_id: 'TEXT NULL', latest_checkpoint_id: 'TEXT NULL' },
    indexes: [],
  }),
  branches: table({
    key: ['thread_id'],
    columns: { thread_id: 'TEXT', parent_thread_id: 'TEXT', from_event_number: 'INTEGER', created_at: 'TEXT' },
    indexes: [['parent_thread_id', 'created_at']],
  }),
  messages: table({
    key: ['thread_id', 'event_number'],
    columns: {
      thread_id: 'TEXT',
      event_number: 'INTEGER',
      message_id: 'TEXT',
      role: 'TEXT',
      content: 'TEXT',
      created_at: 'TEXT',
      /** 1 on the partial answer of a stopped run, else 0. */
      stopped: 'INTEGER',
      /** The user message's metadata as JSON. */
      metadata: 'TEXT NULL',
    },
    indexes: [
      ['thread_id', 'role', 'event_number'],
      ['thread_id', 'message_id'],
    ],
  }),
  /** The ChatWorkflow face of a thread: settings and run progress. `pending` counts messages awaiting a reply. */
  workflows: table({
    key: ['thread_id'],
    columns: {
      thread_id: 'TEXT',
      name: 'TEXT NULL',
      description: 'TEXT NULL',
      /** JSON array of strings. */
      tags: 'TEXT',
      mode: 'TEXT NULL',
      pending: 'INTEGER',
      outcome: 'TEXT NULL',
      current_step: 'TEXT NULL',
      progress: 'INTEGER NULL',
      updated_at: 'TEXT',
      stopped_at: 'TEXT NULL',
    },
    indexes: [],
  }),
  logs: table({
    key: ['thread_id', 'event_number'],
    columns: {
      thread_id: 'TEXT',
      event_number: 'INTEGER',
      log_id: 'TEXT',
      run_id: 'TEXT',
      level: 'TEXT',
      message: 'TEXT',
      step: 'TEXT NULL',
      progress: 'INTEGER NULL',
      created_at: 'TEXT',
    },
    indexes: [['thread_id', 'log_id']],
  }),
  stats: table({
    key: ['thread_id', 'event_number'],
    columns: {
      thread_id: 'TEXT',
      event_number: 'INTEGER',
      stat_id: 'TEXT',
      run_id: 'TEXT',
      mode: 'TEXT',
      latency_ms: 'INTEGER',
      input_tokens: 'INTEGER',
      output_tokens: 'INTEGER',
      created_at: 'TEXT',
    },
    indexes: [],
  }),
  documents: table({
    key: ['thread_id', 'message_id', 'document_id'],
    columns: {
      thread_id: 'TEXT',
      message_id: 'TEXT',
      document_id: 'TEXT',
      name: 'TEXT',
      mime_type: 'TEXT NULL',
      url: 'TEXT NULL',
      size: 'INTEGER NULL',
      /** 1 when the file came with text (kept in document_texts, so listing files never reads it). */
      has_content: 'INTEGER',
      event_number: 'INTEGER',
      created_at: 'TEXT',
    },
    indexes: [],
  }),
  document_texts: table({
    key: ['thread_id', 'message_id', 'document_id'],
    columns: { thread_id: 'TEXT', message_id: 'TEXT', document_id: 'TEXT', content: 'TEXT' },
    indexes: [],
  }),
  checkpoints: table({
    key: ['checkpoint_id'],
    columns: { checkpoint_id: 'TEXT', thread_id: 'TEXT', event_number: 'INTEGER NULL', saved_at: 'TEXT' },
    indexes: [['thread_id', 'event_number']],
  }),
  /** Each HistoryCleared of a thread: its history (messages, the agent's context) starts after the latest one. */
  history_clears: table({
    key: ['thread_id', 'event_number'],
    columns: { thread_id: 'TEXT', event_number: 'INTEGER', actor: 'TEXT', created_at: 'TEXT' },
    indexes: [],
  }),
  agent_inbox: table({
    key: ['thread_id'],
    columns: { thread_id: 'TEXT', event_number: 'INTEGER' },
    indexes: [],
  }),
  /** Bytes of event data each thread has stored, by owner: what the per-user storage cap counts. */
  thread_sizes: table({
    key: ['thread_id'],
    columns: { thread_id: 'TEXT', owner_id: 'TEXT', bytes: 'INTEGER' },
    indexes: [['owner_id']],
  }),
  /** Deleted threads whose streams are still to be removed from the event store. */
  pending_deletions: table({
    key: ['thread_id'],
    columns: { thread_id: 'TEXT', event_number: 'INTEGER', actor: 'TEXT' },
    indexes: [],
  }),
};

export type TableName = keyof typeof READ_MODEL_TABLES;
type Schema<T extends TableName> = (typeof READ_MODEL_TABLES)[T];
type ValueOf<C> = C extends 'TEXT' ? string : C extends 'INTEGER' ? number : C extends 'TEXT NULL' ? string | null : number | null;

/** A row of a read model as both stores return it: INTEGER columns as numbers, TEXT as strings. */
export type RowOf<T extends TableName> = { -readonly [C in keyof Schema<T>['columns']]: ValueOf<Schema<T>['columns'][C]> };
export type ColumnOf<T extends TableName> = keyof Schema<T>['columns'] & string;
type KeyOf<T extends TableName> = Extract<Schema<T>['key'][number], keyof RowOf<T>>;

/** A row of any read model, as the adapters handle them. */
export type Row = Record<string, string | number | null>;

/**
 * A projector's change to a read model. Upsert sets only the columns given (a partial row updates, a full
 * row inserts) and adds `increment` to the numeric columns it names (not named in the upsert); delete
 * removes the rows matching all given columns.
 */
export type RowChange<T extends TableName = TableName> = T extends TableName
  ? | { table: T; upsert: Pick<RowOf<T>, KeyOf<T>> & Partial<RowOf<T>>; increment?: Partial<Record<ColumnOf<T>, number>> }
    | { table: T; delete: Partial<RowOf<T>> }
  : never;

/**
 * A change with the log position of the event it reflects. Each row keeps the position of the last change
 * applied to it, and a change applies only to rows whose position is lower: replaying a change is a no-op.
 */
export type ReadModelChange = RowChange & { position: Position };

export interface QueryOptions {
  orderBy?: string;
  desc?: boolean;
  /** Only rows whose `column` is greater than `value`. */
  after?: { column: string; value: string | number };
  /** Only rows whose `column` is at most `value`. */
  upTo?: { column: string; value: string | number };
  limit?: number;
  /** Only these columns of each row (an id listing need not read texts). */
  columns?: readonly string[];
}

/** Rejects a column the read model does not have (both adapters; SQL would otherwise see an injected name). */
function checkColumns(table: TableName, names: Array<string | undefined>): void {
  const unknown = names.find((c) => c !== undefined && !Object.hasOwn(READ_MODEL_TABLES[table].columns, c));
  if (unknown) throw new Error(`unknown column '${unknown}' of read model '${table}'`);
}

/**
 * Rejects a condition the stores would read differently: an unknown column, or a value other than a string,
 * a number or null (SQLite refuses objects and booleans, MongoDB would take an object as a query operator).
 */
export function checkConditions(table: TableName, where: object, options: QueryOptions = {}): void {
  checkColumns(table, [...Object.keys(where), options.orderBy, options.after?.column, options.upTo?.column, ...(options.columns ?? [])]);
  const values: Array<[string, unknown]> = Object.entries(where);
  if (options.after) values.push([options.after.column, options.after.value]);
  if (options.upTo) values.push([options.upTo.column, options.upTo.value]);
  const bad = values.find(([, v]) => !(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))));
  if (bad) throw new Error(`column '${bad[0]}' of read model '${table}' compared with a value that is not a string, a number or null`);
}

/** Positions as fixed-width decimal text: string order is their numeric order, 128-bit EventStoreDB positions included. */
export const positionText = (position: Position) => position.toString().padStart(40, '0');

/** The columns of each table outside its key: what a tombstone clears. */
export const NON_KEY_COLUMNS = Object.fromEntries(
  Object.entries(READ_MODEL_TABLES).map(([table, { key, columns }]) => [
    table,
    Object.keys(columns).filter((c) => !(key as readonly string[]).includes(c)),
  ]),
) as Record<TableName, string[]>;

/** The layout a store writes the read models with: this schema and the store's own layout number; a change rebuilds. */
export const schemaFingerprint = (storeLayout: number) =>
  createHash('sha256')
    .update(JSON.stringify([storeLayout, READ_MODEL_TABLES]))
    .digest('hex');
