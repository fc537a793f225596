import { ReadModelChange } from '../read-model.schema';
import { Projector } from './projector';

/** A thread seen as a ChatWorkflow: name, tags, mode, and where its runs are. */
export const workflowsProjector: Projector = {
  name: 'workflows',
  tables: ['workflows'],
  project(e) {
    if (
      e.type === 'CheckpointSaved' ||
      e.type === 'CheckpointWritesSaved' ||
      e.type === 'CheckpointForked' ||
      e.type === 'CheckpointsCleared'
    )
      return [];
    const thread_id = e.data.threadId;
    const set = (row: Record<string, string | number | null>): ReadModelChange => ({
      table: 'workflows',
      upsert: { thread_id, updated_at: e.occurredAt, ...row },
    });
    const pending = (delta: number): ReadModelChange => ({ table: 'workflows', key: { thread_id }, increment: { pending: delta } });
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
        return [set({ mode: e.data.mode ?? 'chat' }), pending(1)];
      case 'RunStarted':
        return [set({ mode: e.data.mode, current_step: 'starting', progress: 0 })];
      case 'LogRecorded':
        return e.data.step === undefined ? [set({})] : [set({ current_step: e.data.step, progress: e.data.progress ?? null })];
      case 'AssistantMessageAdded':
        return e.data.stopped ? [set({})] : [set({}), pending(-1)];
      case 'RunCompleted':
        return [set({ outcome: 'completed', current_step: 'done', progress: 100 })];
      case 'RunFailed':
        return [set({ outcome: 'failed' }), pending(-1)];
      case 'RunStopped':
        return [set({ outcome: 'stopped', stopped_at: e.occurredAt }), pending(-1)];
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
  },
};
