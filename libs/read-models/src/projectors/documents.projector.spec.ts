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
          has_content: 0,
          event_number: 2,
          created_at: timeAt(3),
        },
      },
    ]);
  });

  it("keeps a file's text apart from its listing row, which says only that it has one", () => {
    const document = { id: 'f1', name: 'notes.txt', content: 'some notes' };
    const attached = at(3, { type: 'DocumentAttached', data: { threadId: 'a', messageId: 'm1', document, eventNumber: 2 } });
    const [row, text] = documentsProjector.project(attached);
    expect(row).toMatchObject({ table: 'documents', upsert: { document_id: 'f1', has_content: 1 } });
    expect(Object.values((row as { upsert: object }).upsert)).not.toContain('some notes');
    expect(text).toEqual({
      table: 'document_texts',
      position: 3n,
      upsert: { thread_id: 'a', message_id: 'm1', document_id: 'f1', content: 'some notes' },
    });
  });

  it("removes a removed file, a deleted message's files and a deleted thread's, with their texts", () => {
    const both = (position: bigint, where: object) => [
      { table: 'documents', position, delete: where },
      { table: 'document_texts', position, delete: where },
    ];
    const removed = at(4, { type: 'MessageFileRemoved', data: { threadId: 'a', messageId: 'm1', fileId: 'f1', eventNumber: 3 } });
    expect(documentsProjector.project(removed)).toEqual(both(4n, { thread_id: 'a', message_id: 'm1', document_id: 'f1' }));
    expect(documentsProjector.project(at(5, { type: 'MessageDeleted', data: { threadId: 'a', messageId: 'm1', eventNumber: 4 } }))).toEqual(
      both(5n, { thread_id: 'a', message_id: 'm1' }),
    );
    expect(documentsProjector.project(at(6, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 5 } }))).toEqual(
      both(6n, { thread_id: 'a' }),
    );
  });

  it('ignores the user message that lists the files (the DocumentAttached events add them), old ones with the text included', () => {
    const asked = at(2, {
      type: 'UserMessageAdded',
      data: { threadId: 'a', messageId: 'm1', content: 'see file', eventNumber: 1, files: [{ id: 'f1', name: 'notes.txt' }] },
    });
    expect(documentsProjector.project(asked)).toEqual([]);
    const old = at(2, {
      type: 'UserMessageAdded',
      data: { threadId: 'a', messageId: 'm1', content: 'see file', eventNumber: 1, files: [{ id: 'f1', name: 'n', content: 'text' }] },
    });
    expect(documentsProjector.project(old)).toEqual([]);
  });
});
