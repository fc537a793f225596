import { defineProjector } from './projector';

/** Maps each root-namespace LangGraph checkpoint to the thread event number it corresponds to. */
export const checkpointsProjector = defineProjector('checkpoints', ['checkpoints'], (e) => {
  if (e.type === 'CheckpointsCleared' || e.type === 'ThreadDeleted')
    return [{ table: 'checkpoints', delete: { thread_id: e.data.threadId } }];
  if ((e.type !== 'CheckpointSaved' && e.type !== 'CheckpointForked') || e.data.checkpointNs !== '') return [];
  const { checkpointId, threadId, threadEventNumber } = e.data;
  return [
    {
      table: 'checkpoints',
      upsert: { checkpoint_id: checkpointId, thread_id: threadId, event_number: threadEventNumber, saved_at: e.occurredAt },
    },
  ];
});
