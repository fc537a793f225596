import { DifyThreadEvent, FeedbackRating } from './dify-thread-events';
import { InvalidCommand, NotFound, ThreadNotFound } from './domain-errors';
import { ThreadState } from './thread.state';

/**
 * Commands of the Dify service API on a thread. What the decider cannot know from the thread's state the handler
 * reads and passes in: whether the answer is in this thread (`answered`) and whether it holds a rating (`rated`).
 */
export type DifyThreadCommand =
  | {
      type: 'RecordFeedback';
      threadId: string;
      userId: string;
      messageId: string;
      conversationId: string;
      agentId: string;
      endUserId: string;
      rating: FeedbackRating | null;
      content: string | null;
      answered: boolean;
      rated: boolean;
    }
  | {
      type: 'UpdateConversationVariable';
      threadId: string;
      userId: string;
      variableId: string;
      name: string;
      endUserId: string;
      value: unknown;
    };

export const DIFY_THREAD_COMMAND_TYPES: readonly DifyThreadCommand['type'][] = ['RecordFeedback', 'UpdateConversationVariable'];

export function decideDify(command: DifyThreadCommand, state: ThreadState): DifyThreadEvent[] {
  const { threadId, userId } = command;
  // Another user's thread is reported exactly like a missing one.
  if (!state.exists || state.ownerId !== userId) throw new ThreadNotFound(threadId);
  const eventNumber = state.head + 1;
  switch (command.type) {
    case 'RecordFeedback': {
      const { messageId, conversationId, agentId, endUserId, rating, content } = command;
      if (!command.answered) throw new NotFound(`message '${messageId}' not found in thread '${threadId}'`, 'message_id');
      if (rating === null && !command.rated) throw new InvalidCommand('rating: there is no feedback to revoke', 'rating');
      const { rated } = command;
      const data = {
        threadId,
        eventNumber,
        messageId,
        conversationId,
        agentId,
        endUserId,
        rating,
        content: rating === null ? null : content,
        rated,
      };
      return [{ type: 'MessageFeedbackRecorded', data }];
    }
    case 'UpdateConversationVariable': {
      // A conversation's variables are its own: they live on its root thread, which was created, not forked.
      if (state.base !== 0)
        throw new InvalidCommand(`thread '${threadId}' is a fork: variables live on the conversation's root`, 'thread_id');
      const { variableId, name, endUserId, value } = command;
      return [{ type: 'ConversationVariableUpdated', data: { threadId, eventNumber, variableId, name, endUserId, value } }];
    }
  }
}
