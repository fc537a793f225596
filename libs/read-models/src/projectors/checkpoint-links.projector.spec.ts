import { at, checkpointSaved } from '../sample-conversation';
import { checkpointLinksProjector } from './checkpoint-links.projector';

describe('checkpoint links projector', () => {
  it('keeps root checkpoints with their parent, a fork checkpoint with its source; subgraph ones are skipped', () => {
    const saved = checkpointSaved('a', 'k2', 4);
    if (saved.type === 'CheckpointSaved') saved.data.parentCheckpointId = 'k1';
    expect(checkpointLinksProjector.project(at(6, saved))).toEqual([
      {
        table: 'checkpoint_links',
        position: 6n,
        upsert: {
          thread_id: 'a',
          checkpoint_id: 'k2',
          parent_checkpoint_id: 'k1',
          event_number: 4,
          source_thread_id: null,
          source_checkpoint_id: null,
        },
      },
    ]);
    expect(checkpointLinksProjector.project(at(7, checkpointSaved('a', 'k-sub', 4, 'tools')))).toEqual([]);
    const forked = at(8, {
      type: 'CheckpointForked',
      data: { threadId: 'b', checkpointNs: '', checkpointId: 'k3', source: { threadId: 'a', checkpointId: 'k2' }, threadEventNumber: 4 },
    });
    expect(checkpointLinksProjector.project(forked)).toEqual([
      {
        table: 'checkpoint_links',
        position: 8n,
        upsert: {
          thread_id: 'b',
          checkpoint_id: 'k3',
          parent_checkpoint_id: null,
          event_number: 4,
          source_thread_id: 'a',
          source_checkpoint_id: 'k2',
        },
      },
    ]);
  });

  it("forgets a thread's links when its checkpoints are cleared or the thread is deleted", () => {
    expect(checkpointLinksProjector.project(at(9, { type: 'CheckpointsCleared', data: { threadId: 'a' } }))).toEqual([
      { table: 'checkpoint_links', position: 9n, delete: { thread_id: 'a' } },
    ]);
    expect(checkpointLinksProjector.project(at(10, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 6 } }))).toEqual([
      { table: 'checkpoint_links', position: 10n, delete: { thread_id: 'a' } },
    ]);
  });
});
