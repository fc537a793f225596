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
    columns: { message_id: 'TEXT', role: 'TEXT', content: 'TEXT', created_at: 'TEXT' },
    indexes: [['thread_id', 'role', 'event_number']],
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
} as const;

export type TableName = keyof typeof READ_MODEL_TABLES;
export type Row = Record<string, string | number | null>;

/** Upsert sets only the columns given (a partial row updates, a full row inserts); delete removes the rows matching all given columns. */
export type ReadModelChange = { table: TableName; upsert: Row } | { table: TableName; delete: Row };
