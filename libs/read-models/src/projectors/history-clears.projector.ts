import { defineProjector } from './projector';

/**
 * Where each thread's history was cleared (its HistoryCleared events): ThreadHistory starts a history after the latest
 * clear in it, so a fork at N sees only its source's clears at or before N.
 */
export const historyClearsProjector = defineProjector('history-clears', ['history_clears'], (e) => {
  switch (e.type) {
    case 'HistoryCleared':
      return [
        {
          table: 'history_clears',
          upsert: { thread_id: e.data.threadId, event_number: e.data.eventNumber, actor: e.actor, created_at: e.occurredAt },
        },
      ];
    case 'ThreadDeleted':
      return [{ table: 'history_clears', delete: { thread_id: e.data.threadId } }];
    default:
      return [];
  }
});
