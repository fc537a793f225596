import { table } from './table';

/** Read models of the Dify service API's own data: end users' feedbacks on answers, and conversation variables' values. */
export const FEEDBACK_TABLES = {
  /** The current rating of each rated answer (a revoked one has no row); gone with the thread the answer was asked in. */
  dify_feedbacks: table({
    key: ['message_id'],
    columns: {
      message_id: 'TEXT',
      feedback_id: 'TEXT',
      /** The app (agent) and the conversation (root thread) it belongs to; the thread where the message was asked. */
      agent_id: 'TEXT',
      conversation_id: 'TEXT',
      thread_id: 'TEXT',
      end_user_id: 'TEXT',
      /** like | dislike */
      rating: 'TEXT',
      content: 'TEXT NULL',
      created_at: 'TEXT',
      updated_at: 'TEXT',
    },
    indexes: [['agent_id', 'created_at'], ['conversation_id'], ['thread_id']],
  }),
  /** The values conversations gave the variables their agent declares (an untouched one has no row: its default holds). */
  dify_conversation_variables: table({
    key: ['thread_id', 'variable_id'],
    columns: {
      /** The conversation's root thread. */
      thread_id: 'TEXT',
      variable_id: 'TEXT',
      /** JSON of the value. */
      value: 'TEXT',
      updated_at: 'TEXT',
    },
    indexes: [],
  }),
};
