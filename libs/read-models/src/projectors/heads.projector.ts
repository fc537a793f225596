import { defineProjector } from './projector';

/** The latest event number, AI message and checkpoint of each thread's own stream. */
export const headsProjector = defineProjector('heads', ['heads'], (e) => {
  switch (e.type) {
    case 'CheckpointSaved':
    case 'CheckpointForked':
      if (e.data.checkpointNs !== '') return [];
      return [{ table: 'heads', upsert: { thread_id: e.data.threadId, latest_checkpoint_id: e.data.checkpointId } }];
    case 'CheckpointsCleared':
      return [{ table: 'heads', upsert: { thread_id: e.data.threadId, latest_checkpoint_id: null } }];
    case 'CheckpointWritesSaved':
      return [];
    case 'ThreadDeleted':
      return [{ table: 'heads', delete: { thread_id: e.data.threadId } }];
    case 'HistoryCleared':
      // The history starts after it: no earlier answer or checkpoint is the thread's latest any more.
      return [
        {
          table: 'heads',
          upsert: { thread_id: e.data.threadId, event_number: e.data.eventNumber, latest_ai_message_id: null, latest_checkpoint_id: null },
        },
      ];
    case 'AssistantMessageAdded':
      return [
        {
          table: 'heads',
          upsert: { thread_id: e.data.threadId, event_number: e.data.eventNumber, latest_ai_message_id: e.data.messageId },
        },
      ];
    default:
      return [{ table: 'heads', upsert: { thread_id: e.data.threadId, event_number: e.data.eventNumber } }];
  }
});
