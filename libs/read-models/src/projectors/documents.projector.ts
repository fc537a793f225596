import { defineProjector } from './projector';

/** Files attached to user messages; removing a file or its message removes the row. */
export const documentsProjector = defineProjector('documents', ['documents'], (e) => {
  switch (e.type) {
    case 'DocumentAttached': {
      const { threadId, messageId, document: d, eventNumber } = e.data;
      const row = {
        thread_id: threadId,
        message_id: messageId,
        document_id: d.id,
        name: d.name,
        mime_type: d.mimeType ?? null,
        url: d.url ?? null,
        size: d.size ?? null,
        content: d.content ?? null,
        event_number: eventNumber,
        created_at: e.occurredAt,
      };
      return [{ table: 'documents', upsert: row }];
    }
    case 'MessageFileRemoved':
      return [{ table: 'documents', delete: { thread_id: e.data.threadId, message_id: e.data.messageId, document_id: e.data.fileId } }];
    case 'MessageDeleted':
      return [{ table: 'documents', delete: { thread_id: e.data.threadId, message_id: e.data.messageId } }];
    case 'ThreadDeleted':
      return [{ table: 'documents', delete: { thread_id: e.data.threadId } }];
    default:
      return [];
  }
});
