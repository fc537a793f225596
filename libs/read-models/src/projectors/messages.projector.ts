import { Projector } from './projector';

/** A thread's own messages; a fork's inherited ones are read from its source, never copied. */
export const messagesProjector: Projector = {
  name: 'messages',
  project(e) {
    if (e.type !== 'UserMessageAdded' && e.type !== 'AssistantMessageAdded') return [];
    const role = e.type === 'UserMessageAdded' ? 'user' : 'assistant';
    const { threadId, eventNumber, messageId, content } = e.data;
    return [{ table: 'messages', upsert: { thread_id: threadId, event_number: eventNumber, message_id: messageId, role, content, created_at: e.occurredAt } }];
  },
};
