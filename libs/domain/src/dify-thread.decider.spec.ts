import { DifyThreadCommand } from './dify-thread.decider';
import { InvalidCommand, NotFound, ThreadNotFound } from './domain-errors';
import { decide } from './thread.decider';
import { foldThread } from './thread.state';

const root = foldThread([{ type: 'ThreadCreated', data: { threadId: 't', ownerId: 'u', eventNumber: 0 } }]);
const fork = foldThread([
  { type: 'ThreadForked', data: { threadId: 'f', ownerId: 'u', sourceThreadId: 't', fromEventNumber: 3, eventNumber: 4, unanswered: [] } },
]);
const feedback = (changes: Partial<Extract<DifyThreadCommand, { type: 'RecordFeedback' }>> = {}): DifyThreadCommand => ({
  type: 'RecordFeedback',
  threadId: 't',
  userId: 'u',
  messageId: 'm',
  conversationId: 't',
  agentId: 'g',
  endUserId: 'e',
  rating: 'like',
  content: 'nice',
  answered: true,
  rated: false,
  ...changes,
});
const variable: DifyThreadCommand = {
  type: 'UpdateConversationVariable',
  threadId: 't',
  userId: 'u',
  variableId: 'v',
  name: 'n',
  endUserId: 'e',
  value: [1],
};

describe('the thread decider on Dify commands', () => {
  it('records a rating, and a revoke without its content, as the next event of the thread', () => {
    expect(decide(feedback(), root)).toEqual([
      {
        type: 'MessageFeedbackRecorded',
        data: {
          threadId: 't',
          eventNumber: 1,
          messageId: 'm',
          conversationId: 't',
          agentId: 'g',
          endUserId: 'e',
          rating: 'like',
          content: 'nice',
          rated: false,
        },
      },
    ]);
    expect(decide(feedback({ rating: null, rated: true }), root)[0].data).toMatchObject({ rating: null, content: null, rated: true });
  });

  it('refuses a message not answered in the thread, a revoke of nothing, and another owner', () => {
    expect(() => decide(feedback({ answered: false }), root)).toThrow(NotFound);
    expect(() => decide(feedback({ rating: null }), root)).toThrow(InvalidCommand);
    expect(() => decide(feedback({ userId: 'other' }), root)).toThrow(ThreadNotFound);
  });

  it("records a variable's value on a conversation's root thread only", () => {
    expect(decide(variable, root)).toEqual([
      {
        type: 'ConversationVariableUpdated',
        data: { threadId: 't', eventNumber: 1, variableId: 'v', name: 'n', endUserId: 'e', value: [1] },
      },
    ]);
    expect(() => decide({ ...variable, threadId: 'f' }, fork)).toThrow(InvalidCommand);
    expect(() => decide({ ...variable, userId: 'other' }, root)).toThrow(ThreadNotFound);
  });
});
