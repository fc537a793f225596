import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ALL_PROJECTORS } from '../projectors';
import { READ_MODEL_TABLES, ReadModelChange } from '../read-model.schema';
import { SAMPLE_CONVERSATION } from '../sample-conversation';
import { coalesced } from './coalesced-changes';
import { SqliteReadStore } from './sqlite-read-store';

const size = (thread: string, position: bigint, bytes: number, owner?: string): ReadModelChange =>
  owner
    ? { table: 'thread_sizes', upsert: { thread_id: thread, owner_id: owner, bytes }, position }
    : { table: 'thread_sizes', upsert: { thread_id: thread }, increment: { bytes }, position };

describe('coalesced', () => {
  it("folds a row's upserts into one where the first was: later values win, increments add up, the newest position stays", () => {
    const changes = [size('a', 1n, 10, 'u1'), size('b', 2n, 1), size('a', 3n, 5), size('a', 4n, 7), size('b', 5n, 2)];
    const copy = structuredClone(changes);
    const out = coalesced(changes);
    expect(out).toMatchObject([
      { table: 'thread_sizes', upsert: { thread_id: 'a', owner_id: 'u1', bytes: 22 }, increment: {}, position: 4n, from: 1n },
      { table: 'thread_sizes', upsert: { thread_id: 'b' }, increment: { bytes: 3 }, position: 5n, from: 2n },
    ]);
    expect(out.map((c) => ('parts' in c ? c.parts.map((p) => p.position) : []))).toEqual([
      [1n, 3n, 4n],
      [2n, 5n],
    ]);
    expect(changes).toEqual(copy); // the projectors' changes are left as they were
  });

  it('lets a later value replace what was added before it, and starts a new run after a delete on the table', () => {
    const deleted: ReadModelChange = { table: 'thread_sizes', delete: { thread_id: 'a' }, position: 3n };
    const out = coalesced([size('a', 1n, 4), size('a', 2n, 9, 'u1'), deleted, size('a', 4n, 1), size('a', 5n, 1)]);
    expect(out).toMatchObject([
      { upsert: { thread_id: 'a', owner_id: 'u1', bytes: 9 }, increment: {}, position: 2n },
      deleted,
      { upsert: { thread_id: 'a' }, increment: { bytes: 2 }, position: 5n },
    ]);
  });

  it('keeps rows of different tables or keys apart (a two-column key included)', () => {
    const message = (thread: string, n: number, position: bigint): ReadModelChange => ({
      table: 'messages',
      upsert: { thread_id: thread, event_number: n, content: `${position}` },
      position,
    });
    expect(coalesced([message('a', 1, 1n), message('a', 2, 2n), message('b', 1, 3n), message('a', 1, 4n)])).toHaveLength(3);
  });
});

describe('SQLite commits with folded changes', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-fold-'));
    dirs.push(dir);
    return new SqliteReadStore(join(dir, 'read-models.db'));
  };
  const dumpAll = async (store: SqliteReadStore) =>
    Object.fromEntries(await Promise.all(Object.keys(READ_MODEL_TABLES).map(async (t) => [t, await store.dump(t)])));

  it('leave the read models as one commit per event does (a thread deleted and created again, counters, forks)', async () => {
    const [byEvent, atOnce] = [open(), open()];
    for (const e of SAMPLE_CONVERSATION)
      await byEvent.commit(ALL_PROJECTORS.map((p) => ({ subscriber: p.name, position: e.position, changes: p.project(e) })));
    const last = SAMPLE_CONVERSATION[SAMPLE_CONVERSATION.length - 1].position;
    const batches = ALL_PROJECTORS.map((p) => ({
      subscriber: p.name,
      position: last,
      changes: SAMPLE_CONVERSATION.flatMap((e) => p.project(e)),
    }));
    expect(batches.some((b) => coalesced(b.changes).some((c) => 'parts' in c))).toBe(true);
    await atOnce.commit(batches);
    expect(await dumpAll(atOnce)).toEqual(await dumpAll(byEvent));
    await Promise.all([byEvent.close(), atOnce.close()]);
  });
});
