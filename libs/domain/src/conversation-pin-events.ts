/**
 * Pinning, as Dify's web apps offer it: an end user keeps a conversation at the top of their list. Recorded on the
 * conversation's root thread (the app owner's thread, the actor of the event; `endUserId` says which end user pinned
 * it), so the thread's log, audit and time travel show it with the conversation's other changes. Only the end user
 * whose conversation it is can pin it: one pin state per conversation.
 */
export interface ConversationPinned {
  type: 'ConversationPinned';
  data: { threadId: string; eventNumber: number; agentId: string; endUserId: string };
}

export interface ConversationUnpinned {
  type: 'ConversationUnpinned';
  data: { threadId: string; eventNumber: number; agentId: string; endUserId: string };
}

export type ConversationPinEvent = ConversationPinned | ConversationUnpinned;

export const CONVERSATION_PIN_EVENT_TYPES: readonly ConversationPinEvent['type'][] = ['ConversationPinned', 'ConversationUnpinned'];
