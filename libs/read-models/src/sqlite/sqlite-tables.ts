import Database from 'better-sqlite3';
import { READ_MODEL_TABLES, schemaFingerprint } from '../read-model.schema';

/** Bumped when the store's own tables change; with the read-model schema it decides a rebuild. */
const STORE_LAYOUT = 4;

/** The table behind a read model's view: its live rows and its tombstones, each with its position. */
export const rowsTable = (table: string) => `${table}_rows`;

/**
 * Creates a table per read model holding its rows with the bookkeeping of idempotent projection: the
 * `row_position` of the last change applied and, on a deleted row, `row_deleted` (a tombstone keeping only its
 * key). A view named after the read model shows the live rows with their declared columns only, so reads,
 * dumps and the schema stay as the read models describe them.
 *
 * When the layout changed since this file was written, everything is dropped: projections rebuild it from the log.
 */
export function createReadModelTables(db: Database.Database): void {
  const schema = schemaFingerprint(STORE_LAYOUT);
  db.exec('CREATE TABLE IF NOT EXISTS read_model_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const stored = db.prepare("SELECT value FROM read_model_meta WHERE name = 'schema'").get() as { value: string } | undefined;
  if (stored?.value !== schema) {
    const objects = db
      .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%' ORDER BY type DESC")
      .all() as Array<{ type: 'view' | 'table'; name: string }>;
    for (const { type, name } of objects) if (name !== 'read_model_meta') db.exec(`DROP ${type.toUpperCase()} ${name}`);
    db.prepare("INSERT OR REPLACE INTO read_model_meta (name, value) VALUES ('schema', ?)").run(schema);
  }
  // One row of every subscriber's checkpoint (see ProjectionCheckpoints).
  db.exec('CREATE TABLE IF NOT EXISTS projection_checkpoints (id INTEGER PRIMARY KEY, positions TEXT NOT NULL)');
  for (const [name, t] of Object.entries(READ_MODEL_TABLES)) {
    const key: readonly string[] = t.key;
    const columns = Object.entries(t.columns).map(([c, type]) => `${c} ${type}${key.includes(c) ? ' NOT NULL' : ''}`);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${rowsTable(name)} (${columns.join(', ')}, row_position TEXT NOT NULL, row_deleted INTEGER, ` +
        `PRIMARY KEY (${key.join(', ')}))`,
    );
    for (const index of t.indexes)
      db.exec(`CREATE INDEX IF NOT EXISTS ${name}_${index.join('_')} ON ${rowsTable(name)} (${index.join(', ')})`);
    db.exec(
      `CREATE VIEW IF NOT EXISTS ${name} AS SELECT ${Object.keys(t.columns).join(', ')} FROM ${rowsTable(name)} WHERE row_deleted IS NULL`,
    );
  }
}
