import Database from 'better-sqlite3';
import { randomUUID } from 'crypto';
import { openSqliteDatabase, truncateWal } from './sqlite-database';
import { checkAppendSize, SerializedEvent, serializeEvents } from './append-size';
import {
  AppendResult,
  DuplicateEventId,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  WrongExpectedRevision,
} from './event-store.port';
import { AppendSignal, pollingSubscription } from './polling-subscription';
import { SqliteGroupCommit } from './sqlite-group-commit';
import { LimitedStatements } from './sqlite-limits';
import { StreamTails } from './stream-tails';

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

type SerializedAppend = Omit<StreamAppend, 'events'> & { events: SerializedEvent[] };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id  TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    type      TEXT NOT NULL,
    data      TEXT NOT NULL,
    metadata  TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS event_store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`;

/** The embedded event log: one SQLite file in WAL mode; positions are the table's autoincrement key. */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appends = new AppendSignal();
  private readonly stmts;
  private readonly tails: StreamTails;
  /** Appends of one macrotask share a commit; each is a SAVEPOINT in it, so a conflict fails only its own. */
  private readonly writes: SqliteGroupCommit;
  /** Made once: better-sqlite3 builds a wrapper per transaction() call. IMMEDIATE: the revision checks and inserts hold the write lock. */
  private readonly appendTx: (appends: SerializedAppend[]) => AppendResult[];

  /** `maxAppendSize`: the most bytes of event data one append may carry, as on EventStoreDB, so both stores refuse alike. */
  constructor(
    file: string,
    private readonly options: { maxAppendSize?: number } = {},
  ) {
    this.db = openSqliteDatabase(file);
    this.db.exec(SCHEMA);
    // A file made before identities existed gets one on its first open, and keeps it.
    this.db.prepare("INSERT OR IGNORE INTO event_store_meta (name, value) VALUES ('identity', ?)").run(`sqlite:${randomUUID()}`);
    this.stmts = {
      lastRevision: this.db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?'),
      byEventId: this.db.prepare('SELECT * FROM events WHERE event_id = ?'),
      insert: this.db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
      forwards: new LimitedStatements(this.db, 'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC'),
      backwards: new LimitedStatements(this.db, 'SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC'),
      all: new LimitedStatements(this.db, 'SELECT * FROM events WHERE position > ? ORDER BY position ASC'),
      head: this.db.prepare('SELECT MAX(position) AS p FROM events'),
      deleteStream: this.db.prepare('DELETE FROM events WHERE stream_id = ?'),
      dataVersion: this.db.prepare('PRAGMA data_version').pluck(),
    };
    this.tails = new StreamTails(() => this.stmts.dataVersion.get() as number);
    this.appendTx = this.db.transaction((appends: SerializedAppend[]) => {
      this.tails.refresh(); // under the write lock: nobody else commits before this transaction ends
      return appends.map((a) => this.appendNow(a.streamId, a.events, a.expected));
    }).immediate;
    this.writes = new SqliteGroupCommit(this.db, () => this.tails.forgetAll());
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return (await this.appendAtomically([{ streamId, events, expected }]))[0];
  }

  async appendAtomically(appends: StreamAppend[]): Promise<AppendResult[]> {
    // Serialized once: the size checked is that of what is written.
    const serialized = appends.map(({ streamId, events, expected }) => {
      const data = serializeEvents(events);
      checkAppendSize(streamId, data, this.options.maxAppendSize);
      return { streamId, events: data, expected };
    });
    let results: AppendResult[];
    try {
      results = await this.writes.run(() => this.appendTx(serialized));
    } catch (error) {
      // Rolled back: what the appends noted of the streams' ends did not happen.
      for (const a of appends) this.tails.forget(a.streamId);
      throw error;
    }
    if (appends.some((a) => a.events.length > 0)) this.appends.notify();
    return results;
  }

  private appendNow(streamId: string, events: SerializedEvent[], expected: ExpectedRevision): AppendResult {
    const known = this.tails.lastRevision(streamId);
    const last: number | null = known !== undefined ? known : (this.stmts.lastRevision.get(streamId) as { r: number | null }).r;
    const actual = last ?? 'no_stream';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && last === null) ||
      (expected === 'stream_exists' && last !== null) ||
      expected === last;
    // A repeat of an append that succeeded no longer matches its expected revision (or, with 'any', hits the ids'
    // unique key below): only then are its ids looked up, not on every append.
    if (!ok) {
      const repeat = this.idempotentRepeat(streamId, events);
      if (repeat) return repeat;
      throw new WrongExpectedRevision(streamId, expected, actual);
    }
    let revision = last ?? -1;
    let position = 0;
    for (const [i, e] of events.entries()) {
      revision++;
      try {
        position = Number(this.stmts.insert.run(e.eventId, streamId, revision, e.type, e.data, e.metadata).lastInsertRowid);
      } catch (error) {
        if (!isDuplicateId(error)) throw error;
        // The first id already stored: a repeat, or a duplicate. A later one: a duplicate (the transaction rolls back).
        if (i === 0) return this.idempotentRepeat(streamId, events)!;
        throw new DuplicateEventId(e.eventId);
      }
    }
    if (events.length > 0) this.tails.endsAt(streamId, revision, true);
    return { nextRevision: revision, position: BigInt(position) };
  }

  /** All ids already stored, in this stream, in this order: the earlier append succeeded; answer as it did. */
  private idempotentRepeat(streamId: string, events: SerializedEvent[]): AppendResult | null {
    if (events.length === 0) return null;
    const rows = events.map((e) => this.stmts.byEventId.get(e.eventId) as EventRow | undefined);
    if (rows.every((r) => r === undefined)) return null;
    const consecutive = rows.every((r, i) => r !== undefined && r.stream_id === streamId && r.revision === rows[0]!.revision + i);
    if (!consecutive) throw new DuplicateEventId(events[rows.findIndex((r) => r !== undefined)].eventId);
    const lastRow = rows[rows.length - 1]!;
    return { nextRevision: lastRow.revision, position: BigInt(lastRow.position) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? -1;
    if (options.direction === 'backwards')
      return (this.stmts.backwards.all([streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER], limit) as EventRow[]).map(toRecorded);
    const from = options.fromRevision ?? 0;
    this.tails.refresh();
    if (limit === 0 || this.tails.endsBefore(streamId, from)) return [];
    const rows = this.stmts.forwards.all([streamId, from], limit) as EventRow[];
    // A page short of the limit reached the stream's end (as of the refresh: a later commit changes the data version).
    // From revision 0, an empty answer is exact too: the stream has no event.
    if (limit < 0 || rows.length < limit)
      this.tails.endsAt(streamId, rows.length > 0 ? rows[rows.length - 1].revision : from - 1, rows.length > 0 || from === 0);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after === undefined ? 0 : Number(options.after);
    return (this.stmts.all.all([after], options.limit ?? -1) as EventRow[]).map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    return pollingSubscription((after, limit) => this.readAll({ after, limit }), this.appends, options);
  }

  /** A purge: the rows are overwritten (secure_delete) and the WAL emptied, so no copy of the events is left in the files. */
  async deleteStream(streamId: string): Promise<void> {
    this.writes.flush(); // appends asked for before the purge land before it
    this.stmts.deleteStream.run(streamId);
    this.tails.forget(streamId);
    truncateWal(this.db);
  }

  async headPosition(): Promise<Position | undefined> {
    const p = (this.stmts.head.get() as { p: number | null }).p;
    return p === null ? undefined : BigInt(p);
  }

  async identity(): Promise<string> {
    return this.db.prepare("SELECT value FROM event_store_meta WHERE name = 'identity'").pluck().get() as string;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.writes.flush();
    this.db.close();
  }
}

/** SQLite refused a second row with this event id (the only unique key an append can hit: it holds the write lock). */
function isDuplicateId(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.event_id/.test(String((error as Error).message));
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: BigInt(row.position),
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}
