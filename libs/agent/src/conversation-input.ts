import { AIMessage, BaseMessage, HumanMessage, RemoveMessage } from '@langchain/core/messages';
import { REMOVE_ALL_MESSAGES } from '@langchain/langgraph';
import { MessageView } from '@forkline/read-models';
import { isRunStep } from './graphs/model-prompt';
import { messageText } from './graphs/model-stream';
import { isStateOnly } from './state-only-messages';

/** A thread message as the graph's state holds it: under its Forkline message id. */
export const asStateMessage = (m: Pick<MessageView, 'message_id' | 'role' | 'content'>): BaseMessage =>
  m.role === 'user' ? new HumanMessage({ content: m.content, id: m.message_id }) : new AIMessage({ content: m.content, id: m.message_id });

/**
 * A run's `messages` input: what the state lacks of the conversation up to the message being answered. When the state
 * is that conversation's beginning (same ids, same texts, in order) that is only the new messages, usually the one
 * being answered; otherwise (a clear, a deleted message, a reply recorded after a queued message, a checkpoint written
 * before states kept message ids) the state restarts as the conversation: everything is removed, then written again.
 * React tool rounds kept in the state are the runs' own work, and messages a client wrote into the state by hand (see
 * state-only-messages) its own: neither is a conversation message, both are left where they are.
 */
export function conversationInput(state: BaseMessage[], conversation: ConversationMessage[]): BaseMessage[] {
  const held = heldMessages(state);
  if (startsWith(conversation, held)) return conversation.slice(held.length).map(asStateMessage);
  return [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), ...conversation.map(asStateMessage)];
}

type ConversationMessage = Pick<MessageView, 'message_id' | 'role' | 'content'>;

/** A conversation message of the state: neither a run's tool round nor what a client wrote into the state by hand. */
export const isHeld = (m: BaseMessage): boolean => !isRunStep(m) && !isStateOnly(m);

/** The state's conversation messages (see isHeld). */
export const heldMessages = (state: BaseMessage[]): BaseMessage[] => state.filter(isHeld);

/** Whether the conversation begins with these messages: the same ids, types and texts, in order. */
export const startsWith = (conversation: ConversationMessage[], held: BaseMessage[]): boolean =>
  held.length <= conversation.length &&
  held.every(
    (m, i) => m.id === conversation[i].message_id && m.getType() === typeOf(conversation[i]) && messageText(m) === conversation[i].content,
  );

const typeOf = (m: Pick<MessageView, 'role'>) => (m.role === 'user' ? 'human' : 'ai');
