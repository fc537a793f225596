import { defineProjector } from './projector';

export const branchesProjector = defineProjector('branches', ['branches'], (e) => {
  if (e.type === 'ThreadDeleted') return [{ table: 'branches', delete: { thread_id: e.data.threadId } }];
  if (e.type !== 'ThreadForked') return [];
  return [
    {
      table: 'branches',
      upsert: {
        thread_id: e.data.threadId,
        parent_thread_id: e.data.sourceThreadId,
        from_event_number: e.data.fromEventNumber,
        created_at: e.occurredAt,
      },
    },
  ];
});
