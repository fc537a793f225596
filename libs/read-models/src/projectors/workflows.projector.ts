import { RowChange, RowOf } from '../read-model.schema';
import { defineProjector, isCheckpointEvent } from './projector';

/** A thread seen as a ChatWorkflow: name, tags, mode, and where its runs are. */
export const workflowsProjector = defineProjector('workflows', ['workflows'], (e) => {
  if (isCheckpointEvent(e)) return [];
  const thread_id = e.data.threadId;
  /** One change per event: the columns it sets, and how it moves the count of messages awaiting a reply. */
  const set = (row: Partial<RowOf<'workflows'>>, pending = 0): RowChange<'workflows'> => ({
    table: 'workflows',
    upsert: { thread_id, updated_at: e.occurredAt, ...row },
    ...(pending !== 0 && { increment: { pending } }),
  });
  switch (e.type) {
    case 'ThreadCreated':
    case 'ThreadForked': {
      const inherited = e.type === 'ThreadForked' ? e.data.unanswered.length : 0;
      return [
        set({
          name: null,
          description: null,
          tags: '[]',
          mode: null,
          pending: inherited,
          outcome: null,
          current_step: null,
          progress: 0,
          stopped_at: null,
        }),
      ];
    }
    case 'UserMessageAdded':
      return [set({ mode: e.data.mode ?? 'chat' }, +1)];
    case 'RunStarted':
      return [set({ mode: e.data.mode, current_step: 'starting', progress: 0 })];
    case 'LogRecorded':
      return e.data.step === undefined ? [set({})] : [set({ current_step: e.data.step, progress: e.data.progress ?? null })];
    case 'AssistantMessageAdded':
      return [set({}, e.data.stopped ? 0 : -1)];
    case 'RunCompleted':
      return [set({ outcome: 'completed', current_step: 'done', progress: 100 })];
    case 'RunFailed':
      return [set({ outcome: 'failed' }, -1)];
    case 'RunStopped':
      return [set({ outcome: 'stopped', stopped_at: e.occurredAt }, -1)];
    case 'ThreadUpdated': {
      const { name, description, tags } = e.data;
      return [
        set({
          ...(name !== undefined && { name }),
          ...(description !== undefined && { description }),
          ...(tags && { tags: JSON.stringify(tags) }),
        }),
      ];
    }
    case 'ThreadDeleted':
      return [{ table: 'workflows', delete: { thread_id } }];
    default:
      return [set({})];
  }
});
