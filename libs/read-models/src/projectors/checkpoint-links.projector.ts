import { virtualsOf } from '@forkline/domain';
import { defineProjector } from './projector';

/** Each thread's own root-namespace checkpoints with their parent (or, for a fork's first one, its source). */
export const checkpointLinksProjector = defineProjector('checkpoint_links', ['checkpoint_links'], (e) => {
  if (e.type === 'CheckpointsCleared' || e.type === 'ThreadDeleted')
    return [{ table: 'checkpoint_links', delete: { thread_id: e.data.threadId } }];
  if (e.type === 'CheckpointSaved' && e.data.checkpointNs === '') {
    const { threadId, checkpointId, parentCheckpointId, threadEventNumber } = e.data;
    // The checkpoints a run implies before its stored one (see virtual-checkpoints): its parent is its input one.
    const virtuals = virtualsOf(e.data);
    const parent = virtuals.find((v) => v.kind === 'input')?.checkpointId ?? parentCheckpointId;
    const rows = [
      { checkpoint_id: checkpointId, parent_checkpoint_id: parent, event_number: threadEventNumber },
      ...virtuals.map((v) => ({
        checkpoint_id: v.checkpointId,
        parent_checkpoint_id: v.parentCheckpointId,
        event_number: v.threadEventNumber,
      })),
    ];
    return rows.map((row) => ({
      table: 'checkpoint_links' as const,
      upsert: { thread_id: threadId, ...row, source_thread_id: null, source_checkpoint_id: null },
    }));
  }
  if (e.type === 'CheckpointForked' && e.data.checkpointNs === '') {
    const { threadId, checkpointId, threadEventNumber, source } = e.data;
    return [
      {
        table: 'checkpoint_links',
        upsert: {
          thread_id: threadId,
          checkpoint_id: checkpointId,
          parent_checkpoint_id: null,
          event_number: threadEventNumber,
          source_thread_id: source.threadId,
          source_checkpoint_id: source.checkpointId,
        },
      },
    ];
  }
  return [];
});
