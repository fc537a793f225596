import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NewLiveRecord } from './live-records.port';
import { SqliteLiveRecordStore } from './sqlite-live-records';

const text = (runId: string, t: string): NewLiveRecord => ({ runId, type: 'token_delta', data: { text: t } });

describe('SQLite live records: appends of one macrotask share a commit', () => {
  let dir: string;
  let store: SqliteLiveRecordStore;
  let other: SqliteLiveRecordStore; // another process's connection to the file
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fl-live-batch-'));
    store = new SqliteLiveRecordStore(join(dir, 'live.db'));
    other = new SqliteLiveRecordStore(join(dir, 'live.db'));
  });
  afterEach(async () => {
    await Promise.all([store.close(), other.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const texts = async (thread: string) => (await other.read(thread, -1)).map((r) => `${r.seq}:${r.data.text}`);

  it("gives each thread's appends consecutive seqs in the order asked, after another process's, and drops a buried run's", async () => {
    await other.append('t1', [text('r0', 'from the other process')]);
    await store.append('t3', [text('gone', 'x')]);
    await store.deleteThread('t3', ['gone']);
    const stored = await Promise.all([
      store.append('t1', [text('r1', 'a'), text('r1', 'b')]),
      store.append('t2', [text('r2', 'c')]),
      store.append('t1', [text('r1', 'd')]),
      store.append('t3', [text('gone', 'late')]), // its thread was deleted: refused for good, the others unaffected
    ]);
    expect(stored.map((records) => records.map((r) => r.seq))).toEqual([[1, 2], [0], [3], []]);
    expect(await texts('t1')).toEqual(['0:from the other process', '1:a', '2:b', '3:d']);
    expect(await texts('t2')).toEqual(['0:c']);
    expect(await texts('t3')).toEqual([]);
  });

  it('a delete asked for after appends removes them', async () => {
    const appended = store.append('t', [text('r', 'secret')]);
    await store.deleteThread('t', ['r']);
    expect(await appended).toHaveLength(1);
    expect(await texts('t')).toEqual([]);
    expect(await store.append('t', [text('r', 'late')])).toEqual([]);
  });

  it("reads a one-run append's next seq and whether its run is buried in one statement; a second run's is looked up", async () => {
    const stmts = (store as unknown as { stmts: Record<'appendState' | 'isDead', { get: () => unknown }> }).stmts;
    const state = jest.spyOn(stmts.appendState, 'get');
    const isDead = jest.spyOn(stmts.isDead, 'get');
    await store.append('t', [text('r1', 'a'), text('r1', 'b')]);
    expect([state.mock.calls.length, isDead.mock.calls.length]).toEqual([1, 0]);
    await store.deleteRuns('t', ['r2']);
    expect((await store.append('t', [text('r1', 'c'), text('r2', 'late')])).map((r) => r.data.text)).toEqual(['c']);
    expect([state.mock.calls.length, isDead.mock.calls.length]).toEqual([2, 1]);
    expect(await texts('t')).toEqual(['0:a', '1:b', '2:c']);
  });
});
