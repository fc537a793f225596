import { table } from './table';

/** Read models of the Dify faces. */
export const DIFY_TABLES = {
  /**
   * One row per Dify conversation (keyed by its root thread id), from the /v1 messages sent in it: what a conversation
   * listing pages through by index, however many conversations the end user has. The sort keys are `<time>|<id>`, so
   * conversations that share a time still page in one order.
   */
  dify_conversations: table({
    key: ['conversation_id'],
    columns: {
      conversation_id: 'TEXT',
      /** Who sent its messages: the app's owner (a message naming a conversation of another owner's app lists nowhere). */
      owner_id: 'TEXT',
      agent_id: 'TEXT',
      end_user_id: 'TEXT',
      /** Set by its first message (null only for a row whose first message predates the read model). */
      created_at: 'TEXT NULL',
      created_key: 'TEXT NULL',
      /** JSON: the inputs of its first message, which the conversation keeps (as Dify does). */
      inputs: 'TEXT NULL',
      /** When its latest query was sent, in any branch (Dify moves updated_at when a message is created). */
      updated_at: 'TEXT',
      updated_key: 'TEXT',
      /**
       * 1: pinned by its end user (the web apps' pin: ConversationPinned), 0: unpinned again; null: never pinned (every row
       * from before pins, and so existing data keeps working).
       */
      pinned: 'INTEGER NULL',
    },
    indexes: [
      ['agent_id', 'end_user_id', 'created_key'],
      ['agent_id', 'end_user_id', 'updated_key'],
      ['agent_id', 'end_user_id', 'pinned', 'created_key'],
      ['agent_id', 'end_user_id', 'pinned', 'updated_key'],
    ],
  }),
};
