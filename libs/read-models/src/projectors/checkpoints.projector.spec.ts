import { at, checkpointSaved, timeAt } from '../sample-conversation';
import { checkpointsProjector } from './checkpoints.projector';

describe('checkpoints projector', () => {
  it('maps root checkpoints, saved or forked, to their thread event number; subgraph ones are skipped', () => {
    expect(checkpointsProjector.project(at(6, checkpointSaved('a', 'k1', 4)))).toEqual([
      { table: 'checkpoints', position: 6n, upsert: { checkpoint_id: 'k1', thread_id: 'a', event_number: 4, saved_at: timeAt(6) } },
    ]);
    expect(checkpointsProjector.project(at(7, checkpointSaved('a', 'k-sub', 4, 'tools')))).toEqual([]);
    const forked = at(8, {
      type: 'CheckpointForked',
      data: { threadId: 'b', checkpointNs: '', checkpointId: 'k2', source: { threadId: 'a', checkpointId: 'k1' }, threadEventNumber: null },
    });
    expect(checkpointsProjector.project(forked)).toEqual([
      { table: 'checkpoints', position: 8n, upsert: { checkpoint_id: 'k2', thread_id: 'b', event_number: null, saved_at: timeAt(8) } },
    ]);
  });

  it("forgets a thread's checkpoints when they are cleared or the thread is deleted", () => {
    expect(checkpointsProjector.project(at(9, { type: 'CheckpointsCleared', data: { threadId: 'a' } }))).toEqual([
      { table: 'checkpoints', position: 9n, delete: { thread_id: 'a' } },
    ]);
    expect(checkpointsProjector.project(at(10, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 6 } }))).toEqual([
      { table: 'checkpoints', position: 10n, delete: { thread_id: 'a' } },
    ]);
  });

  it('ignores thread events other than deletion', () => {
    const log = at(4, {
      type: 'LogRecorded',
      data: { threadId: 'a', runId: 'r', logId: 'l', level: 'info', message: 'm', eventNumber: 3 },
    });
    expect(checkpointsProjector.project(log)).toEqual([]);
  });
});
