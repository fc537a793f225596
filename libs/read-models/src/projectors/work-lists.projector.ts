import { defineProjector } from './projector';

/** The agent's durable to-do list: threads that may owe a reply (committed with the projections). */
export const agentInboxProjector = defineProjector('agent', ['agent_inbox'], (e) => {
  if (e.type === 'ThreadDeleted') return [{ table: 'agent_inbox', delete: { thread_id: e.data.threadId } }];
  if (e.type === 'UserMessageAdded' || (e.type === 'ThreadForked' && e.data.unanswered.length > 0)) {
    return [{ table: 'agent_inbox', upsert: { thread_id: e.data.threadId, event_number: e.data.eventNumber } }];
  }
  return [];
});

/** Deleted threads whose streams are still to be removed from the event store. */
export const pendingDeletionsProjector = defineProjector('stream-janitor', ['pending_deletions'], (e) =>
  e.type === 'ThreadDeleted'
    ? [{ table: 'pending_deletions', upsert: { thread_id: e.data.threadId, event_number: e.data.eventNumber, actor: e.actor } }]
    : [],
);
