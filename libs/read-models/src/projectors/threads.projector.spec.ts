import { at, SAMPLE_CONVERSATION, timeAt } from '../sample-conversation';
import { defaultAgentId } from '@forkline/domain';
import { threadsProjector } from './threads.projector';

describe('threads projector', () => {
  it('adds a row for a created thread and for a fork, with its source, fork point and agent (the default one for old events)', () => {
    expect(threadsProjector.project(at(1, { type: 'ThreadCreated', data: { threadId: 'a', ownerId: 'u1', eventNumber: 0 } }))).toEqual([
      {
        table: 'threads',
        position: 1n,
        upsert: {
          thread_id: 'a',
          owner_id: 'u1',
          parent_thread_id: null,
          from_event_number: null,
          created_at: timeAt(1),
          agent_id: defaultAgentId('u1'),
        },
      },
    ]);
    const forked = at(7, {
      type: 'ThreadForked',
      data: { threadId: 'b', ownerId: 'u1', sourceThreadId: 'a', fromEventNumber: 3, eventNumber: 4, unanswered: [], agentId: 'g1' },
    });
    expect(threadsProjector.project(forked)).toEqual([
      {
        table: 'threads',
        position: 7n,
        upsert: { thread_id: 'b', owner_id: 'u1', parent_thread_id: 'a', from_event_number: 3, created_at: timeAt(7), agent_id: 'g1' },
      },
    ]);
  });

  it('deletes the row with the thread', () => {
    expect(threadsProjector.project(at(9, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 5 } }))).toEqual([
      { table: 'threads', position: 9n, delete: { thread_id: 'a' } },
    ]);
  });

  it('ignores messages, runs, settings and checkpoints', () => {
    const others = SAMPLE_CONVERSATION.filter((e) => !['ThreadCreated', 'ThreadForked', 'ThreadDeleted'].includes(e.type));
    expect(others.flatMap((e) => threadsProjector.project(e))).toEqual([]);
  });
});
