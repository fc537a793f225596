import { MessageFeedbackRecorded } from '@forkline/domain';
import { at, timeAt } from '../sample-conversation';
import { feedbackIdFor, feedbacksProjector } from './feedbacks.projector';

const feedback = (eventNumber: number, rating: 'like' | 'dislike' | null, rated: boolean): MessageFeedbackRecorded => ({
  type: 'MessageFeedbackRecorded',
  data: { threadId: 'f', eventNumber, messageId: 'm1', conversationId: 'root', agentId: 'g', endUserId: 'e', rating, content: 'ok', rated },
});

describe('feedbacks projector', () => {
  it('files a rating under its app and conversation, keeps its creation time when re-rated, and drops it when revoked', () => {
    const row = {
      message_id: 'm1',
      feedback_id: feedbackIdFor('m1'),
      agent_id: 'g',
      conversation_id: 'root',
      thread_id: 'f',
      end_user_id: 'e',
      content: 'ok',
    };
    expect(feedbacksProjector.project(at(3, feedback(7, 'like', false)))).toEqual([
      { table: 'dify_feedbacks', position: 3n, upsert: { ...row, rating: 'like', created_at: timeAt(3), updated_at: timeAt(3) } },
    ]);
    expect(feedbacksProjector.project(at(4, feedback(8, 'dislike', true)))).toEqual([
      { table: 'dify_feedbacks', position: 4n, upsert: { ...row, rating: 'dislike', updated_at: timeAt(4) } },
    ]);
    expect(feedbacksProjector.project(at(5, feedback(9, null, true)))).toEqual([
      { table: 'dify_feedbacks', position: 5n, delete: { message_id: 'm1' } },
    ]);
  });

  it("keeps a variable's value as JSON, and forgets feedbacks and values with their thread", () => {
    const updated = { threadId: 'root', eventNumber: 4, variableId: 'v1', name: 'n', endUserId: 'e', value: { a: [1] } };
    expect(feedbacksProjector.project(at(6, { type: 'ConversationVariableUpdated', data: updated }))).toEqual([
      {
        table: 'dify_conversation_variables',
        position: 6n,
        upsert: { thread_id: 'root', variable_id: 'v1', value: '{"a":[1]}', updated_at: timeAt(6) },
      },
    ]);
    expect(feedbacksProjector.project(at(7, { type: 'ThreadDeleted', data: { threadId: 'root', eventNumber: 5 } }))).toEqual([
      { table: 'dify_feedbacks', position: 7n, delete: { thread_id: 'root' } },
      { table: 'dify_conversation_variables', position: 7n, delete: { thread_id: 'root' } },
    ]);
  });
});
