import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { NewEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const event = (type: string): NewEvent => ({
  eventId: `${type}-${Math.random()}`,
  type,
  data: {},
  metadata: { actor: 'a', correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00Z', schemaVersion: 1 },
});

describe('SQLite event store: reads past a known stream end', () => {
  let file: string;
  let mine: SqliteEventStore;
  let other: SqliteEventStore;
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'fl-tails-')), 'events.db');
    mine = new SqliteEventStore(file);
    other = new SqliteEventStore(file); // another process's connection to the same file
  });
  afterEach(async () => {
    await Promise.all([mine.close(), other.close()]);
    rmSync(dirname(file), { recursive: true, force: true });
  });
  const queries = (store: SqliteEventStore) =>
    jest.spyOn((store as unknown as { stmts: { forwards: { all: () => unknown } } }).stmts.forwards, 'all');

  it('answers "nothing new" without a query after its own append or an empty read', async () => {
    await mine.append('s', [event('A'), event('B')], 'no_stream');
    const spy = queries(mine);
    expect(await mine.readStream('s', { fromRevision: 2 })).toEqual([]);
    expect(await mine.readStream('t', { fromRevision: 0 })).toEqual([]); // queried: nothing known of t yet
    expect(await mine.readStream('t', { fromRevision: 0 })).toEqual([]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect((await mine.readStream('s', { fromRevision: 1 })).map((e) => e.type)).toEqual(['B']); // not past the end: read
    await mine.append('s', [event('C')], 1);
    expect((await mine.readStream('s', { fromRevision: 2 })).map((e) => e.type)).toEqual(['C']);
  });

  it('reads again once another connection committed, whatever stream it wrote', async () => {
    await mine.append('s', [event('A')], 'no_stream');
    expect(await mine.readStream('s', { fromRevision: 1 })).toEqual([]);
    expect(await mine.readStream('t', { fromRevision: 0 })).toEqual([]);
    await other.append('s', [event('B')], 0);
    await other.append('t', [event('X')], 'no_stream');
    expect((await mine.readStream('s', { fromRevision: 1 })).map((e) => e.type)).toEqual(['B']);
    expect((await mine.readStream('t', { fromRevision: 0 })).map((e) => e.type)).toEqual(['X']);
    // And the end learnt from the other's append in this connection's own append transaction is the real one.
    await mine.append('s', [event('C')], 1);
    await other.append('s', [event('D')], 2);
    expect((await mine.readStream('s', { fromRevision: 3 })).map((e) => e.type)).toEqual(['D']);
  });

  it('learns no end from a full page (more may follow it)', async () => {
    await mine.append('s', [event('A'), event('B'), event('C')], 'no_stream');
    const page = await other.readStream('s', { fromRevision: 0, limit: 2 }); // a full page: the end is not known
    expect(page).toHaveLength(2);
    expect((await other.readStream('s', { fromRevision: 2 })).map((e) => e.type)).toEqual(['C']);
  });
});
