import { at, timeAt } from '../sample-conversation';
import { documentsProjector } from './documents.projector';

describe('documents projector', () => {
  it('keeps an attached file, with null for what the file does not say', () => {
    const attached = at(3, {
      type: 'DocumentAttached',
      data: { threadId: 'a', messageId: 'm1', document: { id: 'f1', name: 'notes.txt', size: 10 }, eventNumber: 2 },
    });
    expect(documentsProjector.project(attached)).toEqual([
      {
        table: 'documents',
        position: 3n,
        upsert: {
          thread_id: 'a',
          message_id: 'm1',
          document_id: 'f1',
          name: 'notes.txt',
          mime_type: null,
          url: null,
          size: 10,
          content: null,
          event_number: 2,
          created_at: timeAt(3),
        },
      },
    ]);
  });

  it("removes a removed file, a deleted message's files and a deleted thread's", () => {
    const removed = at(4, { type: 'MessageFileRemoved', data: { threadId: 'a', messageId: 'm1', fileId: 'f1', eventNumber: 3 } });
    expect(documentsProjector.project(removed)).toEqual([
      { table: 'documents', position: 4n, delete: { thread_id: 'a', message_id: 'm1', document_id: 'f1' } },
    ]);
    expect(documentsProjector.project(at(5, { type: 'MessageDeleted', data: { threadId: 'a', messageId: 'm1', eventNumber: 4 } }))).toEqual(
      [{ table: 'documents', position: 5n, delete: { thread_id: 'a', message_id: 'm1' } }],
    );
    expect(documentsProjector.project(at(6, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 5 } }))).toEqual([
      { table: 'documents', position: 6n, delete: { thread_id: 'a' } },
    ]);
  });

  it('ignores the user message that lists the files (the DocumentAttached events add them)', () => {
    const asked = at(2, {
      type: 'UserMessageAdded',
      data: { threadId: 'a', messageId: 'm1', content: 'see file', eventNumber: 1, files: [{ id: 'f1', name: 'notes.txt' }] },
    });
    expect(documentsProjector.project(asked)).toEqual([]);
  });
});
