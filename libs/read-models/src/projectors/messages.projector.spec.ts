import { at, timeAt } from '../sample-conversation';
import { messagesProjector } from './messages.projector';

describe('messages projector', () => {
  it('keeps a user message with its metadata as JSON, and a reply with whether its run was stopped', () => {
    const asked = at(2, {
      type: 'UserMessageAdded',
      data: { threadId: 'a', messageId: 'm1', content: 'hello', eventNumber: 1, metadata: { via: 'test' } },
    });
    expect(messagesProjector.project(asked)).toEqual([
      {
        table: 'messages',
        position: 2n,
        upsert: {
          thread_id: 'a',
          event_number: 1,
          message_id: 'm1',
          role: 'user',
          content: 'hello',
          created_at: timeAt(2),
          stopped: 0,
          metadata: '{"via":"test"}',
        },
      },
    ]);
    const stopped = at(3, {
      type: 'AssistantMessageAdded',
      data: { threadId: 'a', messageId: 'm2', content: 'par', runId: 'r', replyTo: 'm1', eventNumber: 2, stopped: true },
    });
    expect(messagesProjector.project(stopped)).toEqual([
      {
        table: 'messages',
        position: 3n,
        upsert: {
          thread_id: 'a',
          event_number: 2,
          message_id: 'm2',
          role: 'assistant',
          content: 'par',
          created_at: timeAt(3),
          stopped: 1,
          metadata: null,
        },
      },
    ]);
  });

  it('deletes a deleted message, and all of a deleted thread', () => {
    expect(messagesProjector.project(at(4, { type: 'MessageDeleted', data: { threadId: 'a', messageId: 'm2', eventNumber: 3 } }))).toEqual([
      { table: 'messages', position: 4n, delete: { thread_id: 'a', message_id: 'm2' } },
    ]);
    expect(messagesProjector.project(at(5, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 4 } }))).toEqual([
      { table: 'messages', position: 5n, delete: { thread_id: 'a' } },
    ]);
  });

  it('ignores runs, logs and settings', () => {
    const started = at(6, { type: 'RunStarted', data: { threadId: 'a', runId: 'r', mode: 'chat', replyTo: 'm1', eventNumber: 5 } });
    const renamed = at(7, { type: 'ThreadUpdated', data: { threadId: 'a', name: 'n', eventNumber: 6 } });
    expect([...messagesProjector.project(started), ...messagesProjector.project(renamed)]).toEqual([]);
  });
});
