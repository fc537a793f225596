import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ALL_PROJECTORS } from '../projectors';
import { READ_MODEL_TABLES, ReadModelChange } from '../read-model.schema';
import { SAMPLE_CONVERSATION } from '../sample-conversation';
import { newRowGroups } from './new-thread-rows';
import { SqliteReadStore } from './sqlite-read-store';

const head = (thread: string, position: bigint): ReadModelChange => ({
  table: 'heads',
  upsert: { thread_id: thread, event_number: 1 },
  position,
});
const size = (thread: string, position: bigint): ReadModelChange => ({
  table: 'thread_sizes',
  upsert: { thread_id: thread, owner_id: 'u', bytes: 3 },
  position,
});
const message = (position: bigint): ReadModelChange => ({ table: 'messages', upsert: { thread_id: 'a', event_number: 1 }, position });

describe('newRowGroups', () => {
  it("gathers a thread's shared-row upserts where the first was, one per read model; other tables keep their place", () => {
    const [a1, m, b1, a2, a3] = [head('a', 1n), message(2n), head('b', 3n), size('a', 4n), head('a', 5n)];
    expect(newRowGroups([a1, m, b1, a2, a3])).toEqual([[a1, a2], m, b1, a3]);
  });

  it('leaves the order as it is when a shared read model deletes in the same commit (a delete may match by any column)', () => {
    const writes = [
      head('a', 1n),
      size('a', 2n),
      { table: 'branches', delete: { parent_thread_id: 'x' }, position: 3n } as ReadModelChange,
    ];
    expect(newRowGroups(writes)).toEqual(writes);
  });
});

describe('SQLite commits of several read models of one new thread', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-rows-'));
    dirs.push(dir);
    return new SqliteReadStore(join(dir, 'read-models.db'));
  };
  const dumpAll = async (store: SqliteReadStore) =>
    Object.fromEntries(await Promise.all(Object.keys(READ_MODEL_TABLES).map(async (t) => [t, await store.dump(t)])));

  it("leave the read models and owners' totals as one commit per projector does (rows new, existing, deleted and made again)", async () => {
    const [apart, together] = [open(), open()];
    for (const e of SAMPLE_CONVERSATION) {
      const batches = ALL_PROJECTORS.map((p) => ({ subscriber: p.name, position: e.position, changes: p.project(e) }));
      for (const batch of batches) await apart.commit([batch]);
      await together.commit(batches);
      expect([e.position, await dumpAll(together)]).toEqual([e.position, await dumpAll(apart)]);
      const totals = (store: SqliteReadStore) => Promise.all(['u1', 'u2'].map((u) => store.storedBytesOf(u)));
      expect(await totals(together)).toEqual(await totals(apart));
    }
    await Promise.all([apart.close(), together.close()]);
  });
});
