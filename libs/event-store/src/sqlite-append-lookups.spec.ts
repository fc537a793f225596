import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { DuplicateEventId, NewEvent, WrongExpectedRevision } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const event = (eventId: string): NewEvent => ({
  eventId,
  type: 'T',
  data: { eventId },
  metadata: { actor: 'a', correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00Z', schemaVersion: 1 },
});

type Stmt = { get: (...args: unknown[]) => unknown };
const spies = (store: SqliteEventStore) => {
  const stmts = (store as unknown as { stmts: { lastRevision: Stmt; byEventId: Stmt } }).stmts;
  return { lastRevision: jest.spyOn(stmts.lastRevision, 'get'), byEventId: jest.spyOn(stmts.byEventId, 'get') };
};

describe('SQLite event store: an append looks up only what it must', () => {
  let file: string;
  let mine: SqliteEventStore;
  let other: SqliteEventStore;
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'fl-lookups-')), 'events.db');
    mine = new SqliteEventStore(file);
    other = new SqliteEventStore(file); // another process's connection to the same file
  });
  afterEach(async () => {
    await Promise.all([mine.close(), other.close()]);
    rmSync(dirname(file), { recursive: true, force: true });
  });
  const ids = async (store: SqliteEventStore, stream: string) => (await store.readStream(stream)).map((e) => e.eventId);

  it('after its own append or a read to the end: no query for the last revision, no lookup of the new ids', async () => {
    await mine.append('s', [event('a')], 'no_stream');
    await mine.readStream('t');
    const { lastRevision, byEventId } = spies(mine);
    expect(await mine.append('s', [event('b'), event('c')], 0)).toMatchObject({ nextRevision: 2 });
    expect(await mine.append('t', [event('x')], 'no_stream')).toMatchObject({ nextRevision: 0 });
    expect(await mine.append('s', [event('d')], 'any')).toMatchObject({ nextRevision: 3 });
    expect(lastRevision).not.toHaveBeenCalled();
    expect(byEventId).not.toHaveBeenCalled();
    expect(await ids(mine, 's')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('queries again once another connection appended: its revision is checked against the file, not a stale end', async () => {
    await mine.append('s', [event('a')], 'no_stream');
    await other.append('s', [event('b')], 0);
    const { lastRevision } = spies(mine);
    await expect(mine.append('s', [event('c')], 0)).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(await mine.append('s', [event('c')], 'any')).toMatchObject({ nextRevision: 2 });
    expect(lastRevision).toHaveBeenCalled();
    await other.append('s', [event('d')], 2);
    expect(await mine.append('s', [event('e')], 3)).toMatchObject({ nextRevision: 4 });
    expect(await ids(other, 's')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('answers a repeat as the first append did, whether its expected revision is stale or `any`', async () => {
    const first = await mine.append('s', [event('a'), event('b')], 'no_stream');
    await mine.append('s', [event('c')], 1);
    expect(await mine.append('s', [event('a'), event('b')], 'no_stream')).toEqual(first);
    expect(await mine.append('s', [event('a'), event('b')], 'any')).toEqual(first);
    expect(await other.append('s', [event('a'), event('b')], 'stream_exists')).toEqual(first);
    expect(await ids(mine, 's')).toEqual(['a', 'b', 'c']);
  });

  it('refuses ids stored elsewhere or out of order as DuplicateEventId, and writes none of the append', async () => {
    await mine.append('s', [event('a'), event('b')], 'no_stream');
    await expect(mine.append('s', [event('new'), event('a')], 1)).rejects.toEqual(new DuplicateEventId('a'));
    await expect(mine.append('t', [event('a')], 'no_stream')).rejects.toEqual(new DuplicateEventId('a'));
    await expect(mine.append('t', [event('a')], 'any')).rejects.toEqual(new DuplicateEventId('a'));
    await expect(mine.append('s', [event('b'), event('a')], 'any')).rejects.toEqual(new DuplicateEventId('b'));
    // The refused appends left no row and no wrong end behind: the next append gets the next revision.
    expect(await mine.append('s', [event('new')], 1)).toMatchObject({ nextRevision: 2 });
    expect(await ids(other, 's')).toEqual(['a', 'b', 'new']);
    expect(await ids(other, 't')).toEqual([]);
  });
});
