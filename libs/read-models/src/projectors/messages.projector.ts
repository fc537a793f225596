import { defineProjector } from './projector';

/** A thread's own messages; a fork's inherited ones are read from its source, never copied. */
export const messagesProjector = defineProjector('messages', ['messages'], (e) => {
  switch (e.type) {
    case 'UserMessageAdded':
    case 'AssistantMessageAdded': {
      const { threadId, eventNumber, messageId, content } = e.data;
      const user = e.type === 'UserMessageAdded';
      const metadata = user && e.data.metadata ? JSON.stringify(e.data.metadata) : null;
      const stopped = !user && e.data.stopped ? 1 : 0;
      const row = {
        thread_id: threadId,
        event_number: eventNumber,
        message_id: messageId,
        role: user ? 'user' : 'assistant',
        content,
        created_at: e.occurredAt,
        stopped,
        metadata,
      };
      return [{ table: 'messages', upsert: row }];
    }
    case 'MessageDeleted':
      return [{ table: 'messages', delete: { thread_id: e.data.threadId, message_id: e.data.messageId } }];
    case 'ThreadDeleted':
      return [{ table: 'messages', delete: { thread_id: e.data.threadId } }];
    default:
      return [];
  }
});
