import { defineProjector } from './projector';

/**
 * Files attached to user messages, their text apart (document_texts): listings read the files, the agent's
 * lookup reads the texts. Removing a file or its message removes both.
 */
export const documentsProjector = defineProjector('documents', ['documents', 'document_texts'], (e) => {
  switch (e.type) {
    case 'DocumentAttached': {
      const { threadId, messageId, document: d, eventNumber } = e.data;
      const key = { thread_id: threadId, message_id: messageId, document_id: d.id };
      const row = {
        ...key,
        name: d.name,
        mime_type: d.mimeType ?? null,
        url: d.url ?? null,
        size: d.size ?? null,
        has_content: d.content === undefined ? 0 : 1,
        event_number: eventNumber,
        created_at: e.occurredAt,
      };
      const text = d.content === undefined ? [] : [{ table: 'document_texts' as const, upsert: { ...key, content: d.content } }];
      return [{ table: 'documents', upsert: row }, ...text];
    }
    case 'MessageFileRemoved':
      return both({ thread_id: e.data.threadId, message_id: e.data.messageId, document_id: e.data.fileId });
    case 'MessageDeleted':
      return both({ thread_id: e.data.threadId, message_id: e.data.messageId });
    case 'ThreadDeleted':
      return both({ thread_id: e.data.threadId });
    default:
      return [];
  }
});

const both = (where: { thread_id: string; message_id?: string; document_id?: string }) => [
  { table: 'documents' as const, delete: where },
  { table: 'document_texts' as const, delete: where },
];
