import Database from 'better-sqlite3';
import { Position } from '@forkline/event-store';

/**
 * Every subscriber's checkpoint, kept in one row as JSON pairs [subscriber, position] (positions as decimal text:
 * EventStoreDB positions need 128 bits). A commit reads and writes that one row: with a row per subscriber it read
 * some twenty rows (a JS object each) and rewrote them all, the largest part of a small batch's cost. The store reads
 * and writes it inside the commit's transaction, so writers in several processes still take turns.
 */
export class ProjectionCheckpoints {
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  /**
   * The row last read or written, parsed: a process that does not project polls every subscriber's checkpoint while
   * it waits, and the projecting one reads back, at each commit, the row its last commit wrote.
   */
  private parsed: { text: string; positions: Map<string, string> } | undefined;

  constructor(db: Database.Database) {
    this.read = db.prepare('SELECT positions FROM projection_checkpoints WHERE id = 1').pluck();
    this.write = db.prepare(
      'INSERT INTO projection_checkpoints (id, positions) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET positions = excluded.positions',
    );
  }

  /** Each subscriber's position, as stored: a new map, the caller's to change (copied from the row last parsed or saved). */
  all(): Map<string, string> {
    return new Map(this.positions());
  }

  of(subscriber: string): Position | undefined {
    const position = this.positions().get(subscriber);
    return position === undefined ? undefined : BigInt(position);
  }

  save(positions: Map<string, string>): void {
    const text = JSON.stringify([...positions]);
    this.write.run(text);
    this.parsed = { text, positions: new Map(positions) };
  }

  private positions(): Map<string, string> {
    const text = (this.read.get() as string | undefined) ?? '[]';
    if (this.parsed?.text !== text) this.parsed = { text, positions: parse(text) };
    return this.parsed.positions;
  }

  forget(subscribers: string[]): void {
    const positions = this.all();
    for (const subscriber of subscribers) positions.delete(subscriber);
    this.save(positions);
  }
}

const parse = (text: string) => new Map(JSON.parse(text) as [string, string][]);
