import Database from 'better-sqlite3';
import { NON_KEY_COLUMNS, positionText, READ_MODEL_TABLES, ReadModelChange, Row, TableName } from '../read-model.schema';
import { STORED } from './stored-tables';

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

  /**
   * Several models' upserts of one shared row (see newRowGroups) as one INSERT, made only if the row does not exist:
   * then it is what applying them gives. Whether it inserted (else nothing was written).
   */
  insertRow(changes: Array<Extract<ReadModelChange, { upsert: unknown }>>): boolean {
    const row: Record<string, unknown> = { thread_id: (changes[0].upsert as Row).thread_id };
    for (const change of changes) {
      const s = STORED[change.table];
      const values: Record<string, unknown> = { ...change.upsert, ...change.increment };
      for (const column in values) if (column !== 'thread_id') row[s.column(column)] = values[column];
      row[s.position] = positionText(change.position);
    }
    const columns = Object.keys(row);
    const table = STORED[changes[0].table].table;
    const stmt = this.statement(`i|${columns}`, () => {
      const places = columns.map(() => '?').join(', ');
      return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${places}) ON CONFLICT DO NOTHING`;
    });
    return stmt.run(Object.values(row)).changes > 0;
  }

  /** Really removes rows (work lists only): what no projection owns needs no tombstone. */
  remove(table: TableName, where: Partial<Row>): void {
    const s = STORED[table];
    if (!s.shared) return void this.prepared(`DELETE FROM ${s.table} WHERE ${equal(table, where)}`).run(where);
    // In a shared row, the model's columns and bookkeeping only: the row is the other models' too.
    const cleared = [...NON_KEY_COLUMNS[table].map(s.column), s.position, s.deleted].map((c) => `${c} = NULL`);
    this.prepared(`UPDATE ${s.table} SET ${cleared.join(', ')} WHERE ${equal(table, where)}`).run(where);
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
      const s = STORED[table];
      const key: readonly string[] = READ_MODEL_TABLES[table].key;
      const columns = [...set, ...added].map(s.column);
      const updates = [
        ...set.filter((c) => !key.includes(c)).map((c) => `${s.column(c)} = excluded.${s.column(c)}`),
        ...added.map(s.column).map((c) => `${c} = COALESCE(${c}, 0) + excluded.${c}`),
      ];
      // A shared row may hold no row of this model yet (no position): any change is newer.
      const guard = s.shared ? `COALESCE(${s.position}, '')` : s.position;
      return (
        `INSERT INTO ${s.table} (${columns.join(', ')}, ${s.position}) VALUES (${columns.map(() => '?').join(', ')}, ?) ` +
        `ON CONFLICT (${key.map(s.column).join(', ')}) DO UPDATE SET ` +
        `${[...updates, `${s.position} = excluded.${s.position}`, `${s.deleted} = NULL`].join(', ')} WHERE ${guard} < ?`
      );
    });
    // Bound by place, in the order of the columns' names above: better-sqlite3 binds a name with two property lookups.
    return stmt.run([...Object.values(row), ...Object.values(increment), row_position, row_guard]).changes > 0;
  }

  private tombstone(table: TableName, where: Partial<Row>, row_position: string): void {
    const s = STORED[table];
    this.statement(
      `d|${table}|${Object.keys(where)}`,
      () =>
        `UPDATE ${s.table} SET ${NON_KEY_COLUMNS[table].map((c) => `${s.column(c)} = NULL`).join(', ')}, ${s.deleted} = 1, ` +
        `${s.position} = @row_position WHERE ${equal(table, where)} AND ${s.position} < @row_position`,
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

/** The where clause matching every column given, by its stored name. */
const equal = (table: TableName, where: Partial<Row>) =>
  Object.keys(where)
    .map((c) => `${STORED[table].column(c)} = @${c}`)
    .join(' AND ') || 'TRUE';
