import { table } from './table';

/** Read models of threads: their messages, branches, heads, workflow progress and housekeeping. */
export const THREAD_TABLES = {
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
      // By its id alone (the Dify face's feedbacks and suggested questions), and with its thread too: a message id is one
      // message's, so no (thread_id, message_id) index is needed, and a turn writes one b-tree fewer.
      ['message_id'],
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
    // No index here: a user's total (ReadStore.storedBytesOf, asked on every message) is each store's own query, SQLite
    // reading it from a row per owner (owner_bytes), MongoDB from an (owner_id, bytes) index of its own (mongo-indexes).
    indexes: [],
  }),
  /** Deleted threads whose streams are still to be removed from the event store. */
  pending_deletions: table({
    key: ['thread_id'],
    columns: { thread_id: 'TEXT', event_number: 'INTEGER', actor: 'TEXT' },
    indexes: [],
  }),
};
