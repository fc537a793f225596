import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { DuplicateEventId, NewEvent, WrongExpectedRevision } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const event = (eventId: string): NewEvent => ({
  eventId,
  type: 'T',
  data: {},
  metadata: { actor: 'a', correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00Z', schemaVersion: 1 },
});

/** Another process: takes the write lock, appends `x`'s first event, reports, and commits a moment later. */
const OTHER_PROCESS = `
  const Database = require(process.argv[1]);
  const db = new Database(process.argv[2]);
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN IMMEDIATE');
  db.prepare("INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES ('other', 'x', 0, 'T', '{}', '{}')").run();
  process.stdout.write('locked\\n');
  setTimeout(() => { db.exec('COMMIT'); db.close(); }, 200);`;

describe('SQLite event store: appends of one macrotask share a commit', () => {
  let file: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'fl-batch-')), 'events.db');
    store = new SqliteEventStore(file);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dirname(file), { recursive: true, force: true });
  });
  const ids = async (stream: string) => (await store.readStream(stream)).map((e) => e.eventId);
  const outcome = (r: PromiseSettledResult<{ nextRevision: number }>) =>
    r.status === 'fulfilled' ? r.value.nextRevision : (r.reason as Error).constructor.name;

  it('fails only the append that conflicts; the others, even one that follows an earlier one of the batch, commit', async () => {
    await store.append('s', [event('s0')], 'no_stream');
    const results = await Promise.allSettled([
      store.append('a', [event('a0'), event('a1')], 'no_stream'),
      store.append('s', [event('late')], 5), // wrong expected revision
      store.append('a', [event('a2')], 1), // sees the batch's first append
      store.append('b', [event('s0')], 'no_stream'), // an id stored in another stream
      store.append('s', [event('s0')], 'no_stream'), // a repeat: answered as the first append was
      store.append('b', [event('b0')], 'no_stream'),
    ]);
    expect(results.map(outcome)).toEqual([1, WrongExpectedRevision.name, 2, DuplicateEventId.name, 0, 0]);
    expect(await ids('a')).toEqual(['a0', 'a1', 'a2']);
    expect(await ids('s')).toEqual(['s0']);
    expect(await ids('b')).toEqual(['b0']);
    expect((await store.readAll()).map((e) => e.eventId)).toEqual(['s0', 'a0', 'a1', 'a2', 'b0']);
  });

  it("waits for another process's write lock and checks revisions against what it committed", async () => {
    await store.append('y', [event('y0')], 'no_stream');
    expect(await store.readStream('x')).toEqual([]); // this connection now knows x as empty
    const other = spawn(process.execPath, ['-e', OTHER_PROCESS, require.resolve('better-sqlite3'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => other.on('exit', resolve));
    await new Promise<void>((resolve) => other.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()));
    const results = await Promise.allSettled([
      store.append('x', [event('mine')], 'no_stream'), // x has the other's event by the time the batch holds the lock
      store.append('y', [event('y1')], 0),
      store.append('x', [event('mine-any')], 'any'),
    ]);
    await exited;
    expect(results.map(outcome)).toEqual([WrongExpectedRevision.name, 1, 1]);
    expect(await ids('x')).toEqual(['other', 'mine-any']);
    expect(await ids('y')).toEqual(['y0', 'y1']);
  });

  it('appends to several streams at once all or none, a stream given no event only checked at its revision', async () => {
    await store.append('s', [event('s0')], 'no_stream');
    const conflicting = store.appendAtomically([
      { streamId: 'a', events: [event('a0')], expected: 'no_stream' },
      { streamId: 's', events: [], expected: 1 },
    ]);
    await expect(conflicting).rejects.toThrow(expect.objectContaining({ name: WrongExpectedRevision.name, streamId: 's' }));
    expect(await ids('a')).toEqual([]);
    const results = await store.appendAtomically([
      { streamId: 'a', events: [event('a0'), event('a1')], expected: 'no_stream' },
      { streamId: 's', events: [], expected: 0 },
      { streamId: 'b', events: [event('b0')], expected: 'no_stream' },
    ]);
    expect(results.map((r) => r.nextRevision)).toEqual([1, 0, 0]);
    expect((await store.readAll()).map((e) => [e.eventId, e.position])).toEqual([
      ['s0', 1n],
      ['a0', 2n],
      ['a1', results[0].position],
      ['b0', results[2].position],
    ]);
  });

  it('a purge asked for after appends comes after them', async () => {
    const appended = store.append('p', [event('p0')], 'no_stream');
    await store.deleteStream('p');
    await appended;
    expect(await ids('p')).toEqual([]);
  });
});
