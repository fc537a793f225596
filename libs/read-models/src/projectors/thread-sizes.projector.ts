import { defineProjector, isCheckpointEvent } from './projector';

/**
 * How many bytes of event data each thread stored (its own events; a fork's inherited ones are its
 * source's), with the owner they count against. A deleted thread's bytes are freed.
 */
export const threadSizesProjector = defineProjector('thread-sizes', ['thread_sizes'], (e) => {
  if (isCheckpointEvent(e)) return [];
  const bytes = Buffer.byteLength(JSON.stringify(e.data));
  switch (e.type) {
    case 'ThreadCreated':
    case 'ThreadForked':
      return [{ table: 'thread_sizes', upsert: { thread_id: e.data.threadId, owner_id: e.data.ownerId, bytes } }];
    case 'ThreadDeleted':
      return [{ table: 'thread_sizes', delete: { thread_id: e.data.threadId } }];
    default:
      return [{ table: 'thread_sizes', upsert: { thread_id: e.data.threadId }, increment: { bytes } }];
  }
});
