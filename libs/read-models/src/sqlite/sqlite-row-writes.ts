import Database from 'better-sqlite3';
import { NON_KEY_COLUMNS, positionText, READ_MODEL_TABLES, ReadModelChange, Row, TableName } from '../read-model.schema';
import { rowsTable } from './sqlite-tables';

/**
 * Applies read-model changes, each only to rows whose position is lower than the change's (then stores it):
 * a change already applied, or older than the row, changes nothing. A delete leaves a tombstone with its
 * position rather than removing the row, so an older upsert replayed after it (a replayed ThreadCreated
 * after ThreadDeleted) finds a newer row and is skipped, while a newer one (a thread created again under
 * the same id) brings the row back with only the columns it sets.
 */
export class SqliteRowWrites {
  /** Statements by change shape (table and column names): a projected change builds no SQL text once its shape was seen. */
  private readonly statement: (shape: string, sql: () => string) => Database.Statement;

  constructor(private readonly prepared: (sql: string) => Database.Statement) {
    this.statement = statementsByShape(prepared);
  }

  /**
   * Applies the change; an upsert only to a row older than `since` (a folded run's first position: see coalesced),
   * else older than its own position. Whether an upsert wrote (a delete: true).
   */
  apply(change: ReadModelChange, since = change.position): boolean {
    const row_position = positionText(change.position);
    if ('delete' in change) return (this.tombstone(change.table, change.delete, row_position), true);
    return this.upsert(change.table, change.upsert, change.increment ?? {}, row_position, positionText(since));
  }

  /** Really removes rows (work lists only): what no projection owns needs no tombstone. */
  remove(table: TableName, where: Partial<Row>): void {
    this.prepared(`DELETE FROM ${rowsTable(table)} WHERE ${equal(where)}`).run(where);
  }

  private upsert(
    table: TableName,
    row: Partial<Row>,
    increment: Partial<Record<string, number>>,
    row_position: string,
    row_guard: string,
  ): boolean {
    const set = Object.keys(row);
    const added = Object.keys(increment);
    const stmt = this.statement(`u|${table}|${set}|${added}`, () => {
      const key: readonly string[] = READ_MODEL_TABLES[table].key;
      const columns = [...set, ...added];
      const updates = [
        ...set.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`),
        ...added.map((c) => `${c} = COALESCE(${c}, 0) + excluded.${c}`),
      ];
      return (
        `INSERT INTO ${rowsTable(table)} (${columns.join(', ')}, row_position) VALUES (${columns.map(() => '?').join(', ')}, ?) ` +
        `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${[...updates, 'row_position = excluded.row_position', 'row_deleted = NULL'].join(', ')} ` +
        'WHERE row_position < ?'
      );
    });
    // Bound by place, in the order of the columns' names above: better-sqlite3 binds a name with two property lookups.
    return stmt.run([...Object.values(row), ...Object.values(increment), row_position, row_guard]).changes > 0;
  }

  private tombstone(table: TableName, where: Partial<Row>, row_position: string): void {
    this.statement(
      `d|${table}|${Object.keys(where)}`,
      () =>
        `UPDATE ${rowsTable(table)} SET ${NON_KEY_COLUMNS[table].map((c) => `${c} = NULL`).join(', ')}, row_deleted = 1, row_position = @row_position ` +
        `WHERE ${equal(where)} AND row_position < @row_position`,
    ).run({ ...where, row_position });
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

/** Statements by shape (a key naming what their SQL is built from): the text is built only for a shape not seen before. */
export function statementsByShape(prepared: (sql: string) => Database.Statement): (shape: string, sql: () => string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (shape, sql) => {
    let stmt = statements.get(shape);
    if (!stmt) statements.set(shape, (stmt = prepared(sql())));
    return stmt;
  };
}

const equal = (where: Partial<Row>) =>
  Object.keys(where)
    .map((c) => `${c} = @${c}`)
    .join(' AND ') || 'TRUE';
