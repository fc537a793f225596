import { table } from './table';

/** Read models of agents: their definitions, their runs and their app keys. */
export const AGENT_TABLES = {
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
      /** Dify's "suggested questions after answer": 1 on, 0 off (agents from before it: off). */
      suggested_after_answer: 'INTEGER',
      /** JSON array of the conversation variables declared (agents from before them: []). */
      conversation_variables: 'TEXT',
      /** The Dify web API's public code (X-App-Code), unique across all users; null: none yet (agents from before it). */
      site_code: 'TEXT NULL',
      /** 1: the Dify web API serves the app (also for agents from before the setting), 0: switched off. */
      web_enabled: 'INTEGER',
      version: 'INTEGER',
      created_at: 'TEXT',
      updated_at: 'TEXT',
    },
    indexes: [['owner_id', 'created_at'], ['site_code']],
  }),
  /**
   * One row per run (an execution of the workflow chat face), keyed by `runIdFor(threadId, messageId)`: pending from the
   * user message (or a fork inheriting it unanswered) to its end. A row with a null status only records that its message
   * was deleted (the deletion of an answer names no run): queries skip it.
   */
  runs: table({
    key: ['run_id'],
    columns: {
      run_id: 'TEXT',
      thread_id: 'TEXT',
      /** Who sent the message (or forked the thread): the run's owner. */
      owner_id: 'TEXT NULL',
      /** Known once the run starts (or from the fork); before that, the thread's agent. */
      agent_id: 'TEXT NULL',
      reply_to: 'TEXT NULL',
      mode: 'TEXT NULL',
      /** pending | running | completed | failed | cancelled */
      status: 'TEXT NULL',
      created_at: 'TEXT NULL',
      started_at: 'TEXT NULL',
      ended_at: 'TEXT NULL',
      answer_message_id: 'TEXT NULL',
      error: 'TEXT NULL',
      input_tokens: 'INTEGER NULL',
      output_tokens: 'INTEGER NULL',
      latency_ms: 'INTEGER NULL',
      attempt: 'INTEGER NULL',
      /** 1 once the message it answers was deleted: a run not over by then counts as cancelled. */
      message_deleted: 'INTEGER NULL',
    },
    indexes: [
      ['thread_id', 'created_at'],
      ['agent_id', 'created_at'],
    ],
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
};
