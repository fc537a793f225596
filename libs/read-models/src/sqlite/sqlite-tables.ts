import Database from 'better-sqlite3';
import { NON_KEY_COLUMNS, READ_MODEL_TABLES, schemaFingerprint, TableName } from '../read-model.schema';
import { createOwnerTotals } from './owner-totals';
import { STORED, THREAD_ROW_MODELS, THREAD_ROWS } from './stored-tables';

/** Bumped when the store's own tables change; with the read-model schema it decides a rebuild. */
const STORE_LAYOUT = 7;

/**
 * Creates a table per read model holding its rows with the bookkeeping of idempotent projection: the
 * `row_position` of the last change applied and, on a deleted row, `row_deleted` (a tombstone keeping only its
 * key); the read models of one row per thread share one table instead (see stored-tables). A view named after
 * the read model shows its live rows with their declared columns only, so reads, dumps and the schema stay as the
 * read models describe them.
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
  const shared = THREAD_ROW_MODELS.flatMap((name) => {
    const key: readonly string[] = READ_MODEL_TABLES[name].key;
    if (key.join() !== 'thread_id') throw new Error(`read model '${name}' is stored by thread but keyed by ${key}`);
    const s = STORED[name];
    return [...NON_KEY_COLUMNS[name].map((c) => `${s.column(c)} ${columnType(name, c)}`), `${s.position} TEXT`, `${s.deleted} INTEGER`];
  });
  db.exec(`CREATE TABLE IF NOT EXISTS ${THREAD_ROWS} (thread_id TEXT NOT NULL, ${shared.join(', ')}, PRIMARY KEY (thread_id))`);
  for (const [name, t] of Object.entries(READ_MODEL_TABLES) as Array<[TableName, TableSchema]>) {
    const s = STORED[name];
    const key: readonly string[] = t.key;
    if (!s.shared) {
      const columns = Object.keys(t.columns).map((c) => `${c} ${columnType(name, c)}${key.includes(c) ? ' NOT NULL' : ''}`);
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${s.table} (${columns.join(', ')}, row_position TEXT NOT NULL, row_deleted INTEGER, ` +
          `PRIMARY KEY (${key.join(', ')}))`,
      );
    }
    for (const index of t.indexes) {
      const indexName = `${name}_${index.join('_')}`;
      const columns = index.map(s.column);
      // In the shared row, a model's indexed columns are null where it has no row (a thread that is no fork has no branch).
      const where = s.shared ? ` WHERE ${columns[0]} IS NOT NULL` : '';
      db.exec(`CREATE INDEX IF NOT EXISTS ${indexName} ON ${s.table} (${columns.join(', ')})${where}`);
    }
    const live = s.shared ? `${s.position} IS NOT NULL AND ${s.deleted} IS NULL` : `${s.deleted} IS NULL`;
    const columns = Object.keys(t.columns).map((c) => (s.column(c) === c ? c : `${s.column(c)} AS ${c}`));
    db.exec(`CREATE VIEW IF NOT EXISTS ${name} AS SELECT ${columns.join(', ')} FROM ${s.table} WHERE ${live}`);
  }
  createOwnerTotals(db);
}

type TableSchema = { key: readonly string[]; columns: Record<string, string>; indexes: readonly (readonly string[])[] };
const columnType = (table: TableName, column: string) => (READ_MODEL_TABLES[table].columns as Record<string, string>)[column];
