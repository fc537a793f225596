import { deterministicId } from '@forkline/domain';
import { defineProjector } from './projector';

/** A message's feedback keeps one id while it is rated (Dify updates its row); a revoke removes it. */
export const feedbackIdFor = (messageId: string) => deterministicId(`feedback:${messageId}`);

/**
 * The Dify face's read models: each answer's current rating (MessageFeedbackRecorded) and each conversation's
 * variable values (ConversationVariableUpdated), both gone with the thread that holds them.
 */
export const feedbacksProjector = defineProjector('feedbacks', ['dify_feedbacks', 'dify_conversation_variables'], (e) => {
  switch (e.type) {
    case 'MessageFeedbackRecorded': {
      const { messageId, rating, content, rated } = e.data;
      if (rating === null) return [{ table: 'dify_feedbacks', delete: { message_id: messageId } }];
      const row = {
        message_id: messageId,
        feedback_id: feedbackIdFor(messageId),
        agent_id: e.data.agentId,
        conversation_id: e.data.conversationId,
        thread_id: e.data.threadId,
        end_user_id: e.data.endUserId,
        rating,
        content,
        updated_at: e.occurredAt,
      };
      return [{ table: 'dify_feedbacks', upsert: rated ? row : { ...row, created_at: e.occurredAt } }];
    }
    case 'ConversationVariableUpdated': {
      const { threadId, variableId, value } = e.data;
      const row = { thread_id: threadId, variable_id: variableId, value: JSON.stringify(value), updated_at: e.occurredAt };
      return [{ table: 'dify_conversation_variables', upsert: row }];
    }
    case 'ThreadDeleted':
      return [
        { table: 'dify_feedbacks', delete: { thread_id: e.data.threadId } },
        { table: 'dify_conversation_variables', delete: { thread_id: e.data.threadId } },
      ];
    default:
      return [];
  }
});
