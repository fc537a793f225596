import { at, checkpointSaved } from '../sample-conversation';
import { headsProjector } from './heads.projector';

describe('heads projector', () => {
  it("moves the thread's head with each of its events, and its latest AI message with each reply", () => {
    expect(headsProjector.project(at(1, { type: 'ThreadCreated', data: { threadId: 'a', ownerId: 'u1', eventNumber: 0 } }))).toEqual([
      { table: 'heads', position: 1n, upsert: { thread_id: 'a', event_number: 0 } },
    ]);
    const log = at(4, {
      type: 'LogRecorded',
      data: { threadId: 'a', runId: 'r', logId: 'l', level: 'info', message: 'm', eventNumber: 3 },
    });
    expect(headsProjector.project(log)).toEqual([{ table: 'heads', position: 4n, upsert: { thread_id: 'a', event_number: 3 } }]);
    const reply = at(5, {
      type: 'AssistantMessageAdded',
      data: { threadId: 'a', messageId: 'm2', content: 'hi', runId: 'r', replyTo: 'm1', eventNumber: 4 },
    });
    expect(headsProjector.project(reply)).toEqual([
      { table: 'heads', position: 5n, upsert: { thread_id: 'a', event_number: 4, latest_ai_message_id: 'm2' } },
    ]);
  });

  it('keeps the latest root checkpoint without touching the event number (checkpoints have their own stream)', () => {
    expect(headsProjector.project(at(6, checkpointSaved('a', 'k1', 4)))).toEqual([
      { table: 'heads', position: 6n, upsert: { thread_id: 'a', latest_checkpoint_id: 'k1' } },
    ]);
    expect(headsProjector.project(at(7, checkpointSaved('a', 'k-sub', 4, 'tools')))).toEqual([]);
    const writes = at(8, {
      type: 'CheckpointWritesSaved',
      data: { threadId: 'a', checkpointNs: '', checkpointId: 'k1', taskId: 't', taskPath: 'p', writes: [] },
    });
    expect(headsProjector.project(writes)).toEqual([]);
    expect(headsProjector.project(at(9, { type: 'CheckpointsCleared', data: { threadId: 'a' } }))).toEqual([
      { table: 'heads', position: 9n, upsert: { thread_id: 'a', latest_checkpoint_id: null } },
    ]);
  });

  it('forgets the latest AI message and checkpoint when the history is cleared', () => {
    expect(headsProjector.project(at(11, { type: 'HistoryCleared', data: { threadId: 'a', eventNumber: 7 } }))).toEqual([
      {
        table: 'heads',
        position: 11n,
        upsert: { thread_id: 'a', event_number: 7, latest_ai_message_id: null, latest_checkpoint_id: null },
      },
    ]);
  });

  it('deletes the head with the thread', () => {
    expect(headsProjector.project(at(10, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 6 } }))).toEqual([
      { table: 'heads', position: 10n, delete: { thread_id: 'a' } },
    ]);
  });
});
