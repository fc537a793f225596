import { at } from '../sample-conversation';
import { agentInboxProjector, pendingDeletionsProjector } from './work-lists.projector';

describe('agent inbox projector', () => {
  it('puts a thread in the inbox on a user message, and on a fork that inherits unanswered ones', () => {
    const asked = at(2, { type: 'UserMessageAdded', data: { threadId: 'a', messageId: 'm1', content: 'hi', eventNumber: 1 } });
    expect(agentInboxProjector.project(asked)).toEqual([
      { table: 'agent_inbox', position: 2n, upsert: { thread_id: 'a', event_number: 1 } },
    ]);
    const fork = (unanswered: Array<{ messageId: string; eventNumber: number }>) =>
      at(3, {
        type: 'ThreadForked',
        data: { threadId: 'b', ownerId: 'u1', sourceThreadId: 'a', fromEventNumber: 1, eventNumber: 2, unanswered },
      });
    expect(agentInboxProjector.project(fork([{ messageId: 'm1', eventNumber: 1 }]))).toEqual([
      { table: 'agent_inbox', position: 3n, upsert: { thread_id: 'b', event_number: 2 } },
    ]);
    expect(agentInboxProjector.project(fork([]))).toEqual([]);
  });

  it('takes a deleted thread out of the inbox, and ignores replies', () => {
    expect(agentInboxProjector.project(at(4, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 2 } }))).toEqual([
      { table: 'agent_inbox', position: 4n, delete: { thread_id: 'a' } },
    ]);
    const reply = at(5, {
      type: 'AssistantMessageAdded',
      data: { threadId: 'a', messageId: 'm2', content: 'c', runId: 'r', replyTo: 'm1', eventNumber: 2 },
    });
    expect(agentInboxProjector.project(reply)).toEqual([]);
  });
});

describe('pending deletions projector', () => {
  it('lists a deleted thread, with who deleted it, for the stream janitor', () => {
    expect(pendingDeletionsProjector.project(at(4, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 2 } }, 'u9'))).toEqual([
      { table: 'pending_deletions', position: 4n, upsert: { thread_id: 'a', event_number: 2, actor: 'u9' } },
    ]);
    expect(
      pendingDeletionsProjector.project(at(1, { type: 'ThreadCreated', data: { threadId: 'a', ownerId: 'u9', eventNumber: 0 } })),
    ).toEqual([]);
  });
});
