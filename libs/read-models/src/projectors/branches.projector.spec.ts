import { at, SAMPLE_CONVERSATION, timeAt } from '../sample-conversation';
import { branchesProjector } from './branches.projector';

describe('branches projector', () => {
  it('lists a fork under its source, and removes it when the fork is deleted', () => {
    const forked = at(7, {
      type: 'ThreadForked',
      data: { threadId: 'b', ownerId: 'u1', sourceThreadId: 'a', fromEventNumber: 3, eventNumber: 4, unanswered: [] },
    });
    expect(branchesProjector.project(forked)).toEqual([
      { table: 'branches', position: 7n, upsert: { thread_id: 'b', parent_thread_id: 'a', from_event_number: 3, created_at: timeAt(7) } },
    ]);
    expect(branchesProjector.project(at(9, { type: 'ThreadDeleted', data: { threadId: 'b', eventNumber: 5 } }))).toEqual([
      { table: 'branches', position: 9n, delete: { thread_id: 'b' } },
    ]);
  });

  it('ignores every other event', () => {
    const others = SAMPLE_CONVERSATION.filter((e) => e.type !== 'ThreadForked' && e.type !== 'ThreadDeleted');
    expect(others.flatMap((e) => branchesProjector.project(e))).toEqual([]);
  });
});
