import { ConversationPinEvent } from './conversation-pin-events';
import { InvalidCommand, ThreadNotFound } from './domain-errors';
import { ThreadState } from './thread.state';

/**
 * Pin or unpin a conversation (its root thread). Whether it is pinned now is read by the handler (the read model) and
 * passed in: pinning a pinned conversation, or unpinning one that is not, writes nothing (both succeed, as in Dify).
 */
export type ConversationPinCommand = {
  type: 'PinConversation' | 'UnpinConversation';
  threadId: string;
  userId: string;
  agentId: string;
  endUserId: string;
  pinned: boolean;
};

export const CONVERSATION_PIN_COMMAND_TYPES: readonly ConversationPinCommand['type'][] = ['PinConversation', 'UnpinConversation'];

export function decidePin(command: ConversationPinCommand, state: ThreadState): ConversationPinEvent[] {
  const { threadId, userId, agentId, endUserId } = command;
  // Another user's thread is reported exactly like a missing one.
  if (!state.exists || state.ownerId !== userId) throw new ThreadNotFound(threadId);
  // A conversation is pinned as a whole: on its root, which was created, not forked.
  if (state.base !== 0) throw new InvalidCommand(`thread '${threadId}' is a fork: pins live on the conversation's root`, 'thread_id');
  const pin = command.type === 'PinConversation';
  if (pin === command.pinned) return [];
  const data = { threadId, eventNumber: state.head + 1, agentId, endUserId };
  return [pin ? { type: 'ConversationPinned', data } : { type: 'ConversationUnpinned', data }];
}
