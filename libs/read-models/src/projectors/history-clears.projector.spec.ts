import { at, timeAt } from '../sample-conversation';
import { historyClearsProjector } from './history-clears.projector';

describe('history-clears projector', () => {
  it('records each clear of a thread with its actor and time, and forgets them with the thread', () => {
    expect(historyClearsProjector.project(at(3, { type: 'HistoryCleared', data: { threadId: 'a', eventNumber: 5 } }, 'u9'))).toEqual([
      { table: 'history_clears', position: 3n, upsert: { thread_id: 'a', event_number: 5, actor: 'u9', created_at: timeAt(3) } },
    ]);
    expect(historyClearsProjector.project(at(4, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 6 } }))).toEqual([
      { table: 'history_clears', position: 4n, delete: { thread_id: 'a' } },
    ]);
    expect(historyClearsProjector.project(at(5, { type: 'ThreadCreated', data: { threadId: 'a', ownerId: 'u', eventNumber: 0 } }))).toEqual(
      [],
    );
  });
});
