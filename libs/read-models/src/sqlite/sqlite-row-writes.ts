import Database from 'better-sqlite3';
import { positionText, READ_MODEL_TABLES, ReadModelChange, Row, TableName } from '../read-model.schema';
import { rowsTable } from './sqlite-tables';

/**
 * Applies read-model changes, each only to rows whose position is lower than the change's (then stores it):
 * a change already applied, or older than the row, changes nothing. A delete leaves a tombstone with its
 * position rather than removing the row, so an older upsert replayed after it (a replayed ThreadCreated
 * after ThreadDeleted) finds a newer row and is skipped, while a newer one (a thread created again under
 * the same id) brings the row back with only the columns it sets.
 */
export class SqliteRowWrites {
  constructor(private readonly prepared: (sql: string) => Database.Statement) {}

  apply(change: ReadModelChange): void {
    const row_position = positionText(change.position);
    if ('delete' in change) this.tombstone(change.table, change.delete, row_position);
    else this.upsert(change.table, change.upsert, change.increment ?? {}, row_position);
  }

  /** Really removes rows (work lists only): what no projection owns needs no tombstone. */
  remove(table: TableName, where: Partial<Row>): void {
    this.prepared(`DELETE FROM ${rowsTable(table)} WHERE ${equal(where)}`).run(where);
  }

  private upsert(table: TableName, row: Partial<Row>, increment: Partial<Record<string, number>>, row_position: string): void {
    const key: readonly string[] = READ_MODEL_TABLES[table].key;
    const columns = [...Object.keys(row), ...Object.keys(increment)];
    const updates = [
      ...Object.keys(row)
        .filter((c) => !key.includes(c))
        .map((c) => `${c} = excluded.${c}`),
      ...Object.keys(increment).map((c) => `${c} = COALESCE(${c}, 0) + excluded.${c}`),
    ];
    const sql =
      `INSERT INTO ${rowsTable(table)} (${columns.join(', ')}, row_position) VALUES (${columns.map((c) => '@' + c).join(', ')}, @row_position) ` +
      `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${[...updates, 'row_position = excluded.row_position', 'row_deleted = NULL'].join(', ')} ` +
      'WHERE row_position < excluded.row_position';
    this.prepared(sql).run({ ...row, ...increment, row_position });
  }

  private tombstone(table: TableName, where: Partial<Row>, row_position: string): void {
    const key: readonly string[] = READ_MODEL_TABLES[table].key;
    const cleared = Object.keys(READ_MODEL_TABLES[table].columns).filter((c) => !key.includes(c));
    const sql =
      `UPDATE ${rowsTable(table)} SET ${cleared.map((c) => `${c} = NULL`).join(', ')}, row_deleted = 1, row_position = @row_position ` +
      `WHERE ${equal(where)} AND row_position < @row_position`;
    this.prepared(sql).run({ ...where, row_position });
  }
}

/** Prepares each distinct statement once (changes and queries are built from their column names). */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
}

const equal = (where: Partial<Row>) =>
  Object.keys(where)
    .map((c) => `${c} = @${c}`)
    .join(' AND ') || 'TRUE';
