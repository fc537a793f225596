/**
 * The read models as tables (SQLite) or collections (MongoDB). Projectors emit upserts and deletes
 * against these; each adapter creates them from this one description.
 */
export const READ_MODEL_TABLES = {
  threads: {
    key: ['thread_id'],
    columns: { owner_id: 'TEXT', parent_thread_id: 'TEXT', from_event_number: 'INTEGER', created_at: 'TEXT' },
    indexes: [['owner_id']],
  },
  heads: {
    key: ['thread_id'],
    columns: { event_number: 'INTEGER', latest_ai_message_id: 'TEXT', latest_checkpoint_id: 'TEXT' },
    indexes: [],
  },
  branches: {
    key: ['thread_id'],
    columns: { parent_thread_id: 'TEXT', from_event_number: 'INTEGER', created_at: 'TEXT' },
    indexes: [['parent_thread_id', 'created_at']],
  },
  messages: {
    key: ['thread_id', 'event_number'],
    columns: { message_id: 'TEXT', role: 'TEXT', content: 'TEXT', created_at: 'TEXT', stopped: 'INTEGER', metadata: 'TEXT' },
    indexes: [
      ['thread_id', 'role', 'event_number'],
      ['thread_id', 'message_id'],
    ],
  },
  /** The ChatWorkflow face of a thread: settings and run progress. `pending` counts messages awaiting a reply. */
  workflows: {
    key: ['thread_id'],
    columns: {
      name: 'TEXT',
      description: 'TEXT',
      tags: 'TEXT',
      mode: 'TEXT',
      pending: 'INTEGER',
      outcome: 'TEXT',
      current_step: 'TEXT',
      progress: 'INTEGER',
      updated_at: 'TEXT',
      stopped_at: 'TEXT',
    },
    indexes: [],
  },
  logs: {
    key: ['thread_id', 'event_number'],
    columns: { log_id: 'TEXT', run_id: 'TEXT', level: 'TEXT', message: 'TEXT', step: 'TEXT', progress: 'INTEGER', created_at: 'TEXT' },
    indexes: [['thread_id', 'log_id']],
  },
  stats: {
    key: ['thread_id', 'event_number'],
    columns: {
      stat_id: 'TEXT',
      run_id: 'TEXT',
      mode: 'TEXT',
      latency_ms: 'INTEGER',
      input_tokens: 'INTEGER',
      output_tokens: 'INTEGER',
      created_at: 'TEXT',
    },
    indexes: [],
  },
  documents: {
    key: ['thread_id', 'message_id', 'document_id'],
    columns: {
      name: 'TEXT',
      mime_type: 'TEXT',
      url: 'TEXT',
      size: 'INTEGER',
      content: 'TEXT',
      event_number: 'INTEGER',
      created_at: 'TEXT',
    },
    indexes: [],
  },
  checkpoints: {
    key: ['checkpoint_id'],
    columns: { thread_id: 'TEXT', event_number: 'INTEGER', saved_at: 'TEXT' },
    indexes: [['thread_id', 'event_number']],
  },
  agent_inbox: {
    key: ['thread_id'],
    columns: { event_number: 'INTEGER' },
    indexes: [],
  },
  /** Deleted threads whose streams are still to be removed from the event store. */
  pending_deletions: {
    key: ['thread_id'],
    columns: { event_number: 'INTEGER', actor: 'TEXT' },
    indexes: [],
  },
} as const;

export type TableName = keyof typeof READ_MODEL_TABLES;
export type Row = Record<string, string | number | null>;

/**
 * Upsert sets only the columns given (a partial row updates, a full row inserts); delete removes the
 * rows matching all given columns; increment adds to numeric columns of the row with `key`.
 */
export type ReadModelChange =
  { table: TableName; upsert: Row } | { table: TableName; delete: Row } | { table: TableName; key: Row; increment: Record<string, number> };

/** Tables holding rows of a thread, cleared when the thread is deleted. */
export const PER_THREAD_TABLES: TableName[] = [
  'threads',
  'heads',
  'branches',
  'messages',
  'checkpoints',
  'workflows',
  'logs',
  'stats',
  'documents',
  'agent_inbox',
];

export interface QueryOptions {
  orderBy?: string;
  desc?: boolean;
  /** Only rows whose `column` is greater than `value`. */
  after?: { column: string; value: string | number };
  limit?: number;
}
