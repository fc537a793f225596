import { defaultAgentId } from '@forkline/domain';
import { defineProjector } from './projector';

export const threadsProjector = defineProjector('threads', ['threads'], (e) => {
  switch (e.type) {
    case 'ThreadCreated':
      return [
        {
          table: 'threads',
          upsert: {
            thread_id: e.data.threadId,
            owner_id: e.data.ownerId,
            parent_thread_id: null,
            from_event_number: null,
            created_at: e.occurredAt,
            agent_id: e.data.agentId ?? defaultAgentId(e.data.ownerId),
          },
        },
      ];
    case 'ThreadForked':
      return [
        {
          table: 'threads',
          upsert: {
            thread_id: e.data.threadId,
            owner_id: e.data.ownerId,
            parent_thread_id: e.data.sourceThreadId,
            from_event_number: e.data.fromEventNumber,
            created_at: e.occurredAt,
            agent_id: e.data.agentId ?? defaultAgentId(e.data.ownerId),
          },
        },
      ];
    case 'ThreadDeleted':
      return [{ table: 'threads', delete: { thread_id: e.data.threadId } }];
    default:
      return [];
  }
});
