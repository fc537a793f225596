import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ReadModelChange } from './read-model.schema';
import { SqliteReadStore } from './sqlite/sqlite-read-store';
import { ThreadHistory } from './thread-history';

describe('ThreadHistory', () => {
  const store = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'fl-history-')), 'read-models.db'));
  const history = new ThreadHistory(store);
  afterAll(() => store.close());

  const thread = (id: string, parent: string | null, from: number | null): ReadModelChange[] => [
    {
      table: 'threads',
      upsert: { thread_id: id, owner_id: 'u', parent_thread_id: parent, from_event_number: from, created_at: 'x' },
      position: 1n,
    },
    { table: 'heads', upsert: { thread_id: id, event_number: 0 }, position: 1n },
  ];
  const message = (threadId: string, n: number): ReadModelChange => ({
    table: 'messages',
    upsert: { thread_id: threadId, event_number: n, message_id: `${threadId}${n}`, role: 'user', content: '', created_at: 'x' },
    position: 1n,
  });

  beforeAll(() =>
    // root: 1 3 5 7; fork f at 5: own 7 9; fork ff of f at 7: own 9
    store.commit([
      {
        subscriber: 't',
        position: 1n,
        changes: [
          ...thread('root', null, null),
          ...thread('f', 'root', 5),
          ...thread('ff', 'f', 7),
          message('root', 1),
          message('root', 3),
          message('root', 5),
          message('root', 7),
          message('f', 7),
          message('f', 9),
          message('ff', 9),
        ],
      },
    ]),
  );

  const ids = async (threadId: string, upTo: number, last?: number) =>
    (await history.messagesOf(threadId, upTo, last)).map((m) => m.message_id);

  it('walks the lineage, cutting each source at its fork point', async () => {
    expect(await ids('ff', 100)).toEqual(['root1', 'root3', 'root5', 'f7', 'ff9']);
    expect(await ids('f', 100)).toEqual(['root1', 'root3', 'root5', 'f7', 'f9']);
    expect(await ids('ff', 4)).toEqual(['root1', 'root3']);
    expect(await ids('missing', 100)).toEqual([]);
  });

  it("finds a thread only for its owner, another user's like a missing one", async () => {
    expect((await history.ownedThread('u', 'f'))?.parent_thread_id).toBe('root');
    expect(await history.ownedThread('someone-else', 'f')).toBeNull();
    expect(await history.ownedThread('u', 'missing')).toBeNull();
  });

  it('returns only the newest messages when asked, across segments', async () => {
    expect(await ids('ff', 100, 3)).toEqual(['root5', 'f7', 'ff9']);
    expect(await ids('ff', 100, 1)).toEqual(['ff9']);
    expect(await ids('ff', 7, 2)).toEqual(['root5', 'f7']);
    expect(await ids('ff', 100, 50)).toHaveLength(5);
  });
});
