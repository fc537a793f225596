import { at, checkpointSaved, timeAt } from '../sample-conversation';
import { workflowsProjector } from './workflows.projector';

describe('workflows projector', () => {
  const project = (position: number, event: Parameters<typeof at>[1]) => workflowsProjector.project(at(position, event));
  const touched = (position: number) => ({ thread_id: 'a', updated_at: timeAt(position) });

  it('starts a workflow idle for a new thread, and with the unanswered messages it inherits for a fork', () => {
    const fresh = {
      name: null,
      description: null,
      tags: '[]',
      mode: null,
      outcome: null,
      current_step: null,
      progress: 0,
      stopped_at: null,
    };
    expect(project(1, { type: 'ThreadCreated', data: { threadId: 'a', ownerId: 'u1', eventNumber: 0 } })).toEqual([
      { table: 'workflows', position: 1n, upsert: { ...touched(1), ...fresh, pending: 0 } },
    ]);
    const unanswered = [{ messageId: 'm1', eventNumber: 1 }];
    const forked = project(2, {
      type: 'ThreadForked',
      data: { threadId: 'b', ownerId: 'u1', sourceThreadId: 'a', fromEventNumber: 1, eventNumber: 2, unanswered },
    });
    expect(forked).toEqual([{ table: 'workflows', position: 2n, upsert: { thread_id: 'b', updated_at: timeAt(2), ...fresh, pending: 1 } }]);
  });

  it('counts a user message as pending until its reply, failure or stop, in the same change as its other columns', () => {
    expect(project(3, { type: 'UserMessageAdded', data: { threadId: 'a', messageId: 'm1', content: 'hi', eventNumber: 1 } })).toEqual([
      { table: 'workflows', position: 3n, upsert: { ...touched(3), mode: 'chat' }, increment: { pending: 1 } },
    ]);
    const reply = { threadId: 'a', messageId: 'm2', content: 'c', runId: 'r', replyTo: 'm1', eventNumber: 2 };
    expect(project(4, { type: 'AssistantMessageAdded', data: reply })).toEqual([
      { table: 'workflows', position: 4n, upsert: touched(4), increment: { pending: -1 } },
    ]);
    // A stopped run's partial answer: RunStopped ends the wait, not the answer.
    expect(project(5, { type: 'AssistantMessageAdded', data: { ...reply, stopped: true } })).toEqual([
      { table: 'workflows', position: 5n, upsert: touched(5) },
    ]);
    expect(project(6, { type: 'RunFailed', data: { threadId: 'a', runId: 'r', replyTo: 'm1', error: 'x', eventNumber: 3 } })).toEqual([
      { table: 'workflows', position: 6n, upsert: { ...touched(6), outcome: 'failed' }, increment: { pending: -1 } },
    ]);
    expect(project(7, { type: 'RunStopped', data: { threadId: 'a', runId: null, replyTo: 'm1', eventNumber: 4 } })).toEqual([
      {
        table: 'workflows',
        position: 7n,
        upsert: { ...touched(7), outcome: 'stopped', stopped_at: timeAt(7) },
        increment: { pending: -1 },
      },
    ]);
  });

  it('follows a run: its mode, its steps and their progress, and how it ended', () => {
    expect(project(3, { type: 'RunStarted', data: { threadId: 'a', runId: 'r', mode: 'react', replyTo: 'm1', eventNumber: 2 } })).toEqual([
      { table: 'workflows', position: 3n, upsert: { ...touched(3), mode: 'react', current_step: 'starting', progress: 0 } },
    ]);
    const log = { threadId: 'a', runId: 'r', logId: 'l', level: 'info' as const, message: 'm', eventNumber: 3 };
    expect(project(4, { type: 'LogRecorded', data: { ...log, step: 'search' } })).toEqual([
      { table: 'workflows', position: 4n, upsert: { ...touched(4), current_step: 'search', progress: null } },
    ]);
    expect(project(5, { type: 'LogRecorded', data: log })).toEqual([{ table: 'workflows', position: 5n, upsert: touched(5) }]);
    expect(project(6, { type: 'RunCompleted', data: { threadId: 'a', runId: 'r', replyTo: 'm1', eventNumber: 4 } })).toEqual([
      { table: 'workflows', position: 6n, upsert: { ...touched(6), outcome: 'completed', current_step: 'done', progress: 100 } },
    ]);
  });

  it('sets only the settings an update names, and deletes the workflow with its thread', () => {
    expect(project(8, { type: 'ThreadUpdated', data: { threadId: 'a', description: 'd', tags: ['x', 'y'], eventNumber: 5 } })).toEqual([
      { table: 'workflows', position: 8n, upsert: { ...touched(8), description: 'd', tags: '["x","y"]' } },
    ]);
    expect(project(9, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 6 } })).toEqual([
      { table: 'workflows', position: 9n, delete: { thread_id: 'a' } },
    ]);
  });

  it('ignores checkpoints, which are not thread events', () => {
    expect(project(10, checkpointSaved('a', 'k', 1))).toEqual([]);
    expect(project(11, { type: 'CheckpointsCleared', data: { threadId: 'a' } })).toEqual([]);
  });
});
