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

  constructor(db: Database.Database) {
    this.read = db.prepare('SELECT positions FROM projection_checkpoints WHERE id = 1').pluck();
    this.write = db.prepare(
      'INSERT INTO projection_checkpoints (id, positions) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET positions = excluded.positions',
    );
  }

  /** Each subscriber's position, as stored. */
  all(): Map<string, string> {
    const positions = this.read.get() as string | undefined;
    return new Map(positions === undefined ? [] : (JSON.parse(positions) as [string, string][]));
  }

  of(subscriber: string): Position | undefined {
    const position = this.all().get(subscriber);
    return position === undefined ? undefined : BigInt(position);
  }

  save(positions: Map<string, string>): void {
    this.write.run(JSON.stringify([...positions]));
  }

  forget(subscribers: string[]): void {
    const positions = this.all();
    for (const subscriber of subscribers) positions.delete(subscriber);
    this.save(positions);
  }
}
