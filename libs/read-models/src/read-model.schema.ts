import { createHash } from 'crypto';
import { Position } from '@forkline/event-store';
import { AGENT_TABLES } from './tables/agent.tables';
import { ANNOTATION_TABLES } from './tables/annotation.tables';
import { CHECKPOINT_LINK_TABLES } from './tables/checkpoint-link.tables';
import { DIFY_TABLES } from './tables/dify.tables';
import { FEEDBACK_TABLES } from './tables/feedback.tables';
import { LANGGRAPH_TABLES } from './tables/langgraph.tables';
import { THREAD_TABLES } from './tables/thread.tables';

/**
 * The read models as tables (SQLite) or collections (MongoDB), one file per area under tables/. Projectors emit upserts and
 * deletes against these; each adapter creates them from this one description.
 */
export const READ_MODEL_TABLES = {
  ...THREAD_TABLES,
  ...AGENT_TABLES,
  ...DIFY_TABLES,
  ...ANNOTATION_TABLES,
  ...FEEDBACK_TABLES,
  ...LANGGRAPH_TABLES,
  ...CHECKPOINT_LINK_TABLES,
};

export type TableName = keyof typeof READ_MODEL_TABLES;
type Schema<T extends TableName> = (typeof READ_MODEL_TABLES)[T];
type ValueOf<C> = C extends 'TEXT' ? string : C extends 'INTEGER' ? number : C extends 'TEXT NULL' ? string | null : number | null;

/** A row of a read model as both stores return it: INTEGER columns as numbers, TEXT as strings. */
export type RowOf<T extends TableName> = { -readonly [C in keyof Schema<T>['columns']]: ValueOf<Schema<T>['columns'][C]> };
export type ColumnOf<T extends TableName> = keyof Schema<T>['columns'] & string;
type KeyOf<T extends TableName> = Extract<Schema<T>['key'][number], keyof RowOf<T>>;

/** A row of any read model, as the adapters handle them. */
export type Row = Record<string, string | number | null>;

/**
 * A projector's change to a read model. Upsert sets only the columns given (a partial row updates, a full
 * row inserts) and adds `increment` to the numeric columns it names (not named in the upsert); delete
 * removes the rows matching all given columns.
 */
export type RowChange<T extends TableName = TableName> = T extends TableName
  ? | { table: T; upsert: Pick<RowOf<T>, KeyOf<T>> & Partial<RowOf<T>>; increment?: Partial<Record<ColumnOf<T>, number>> }
    | { table: T; delete: Partial<RowOf<T>> }
  : never;

/**
 * A change with the log position of the event it reflects. Each row keeps the position of the last change
 * applied to it, and a change applies only to rows whose position is lower: replaying a change is a no-op.
 */
export type ReadModelChange = RowChange & { position: Position };

export interface QueryOptions {
  orderBy?: string;
  desc?: boolean;
  /** Only rows whose `column` is greater than `value`. */
  after?: { column: string; value: string | number };
  /** Only rows whose `column` is at most `value`. */
  upTo?: { column: string; value: string | number };
  limit?: number;
  /** Only these columns of each row (an id listing need not read texts). */
  columns?: readonly string[];
}

/** Rejects a column the read model does not have (both adapters; SQL would otherwise see an injected name). */
function checkColumns(table: TableName, names: Array<string | undefined>): void {
  const unknown = names.find((c) => c !== undefined && !Object.hasOwn(READ_MODEL_TABLES[table].columns, c));
  if (unknown) throw new Error(`unknown column '${unknown}' of read model '${table}'`);
}

/**
 * Rejects a condition the stores would read differently: an unknown column, or a value other than a string,
 * a number or null (SQLite refuses objects and booleans, MongoDB would take an object as a query operator).
 */
export function checkConditions(table: TableName, where: object, options: QueryOptions = {}): void {
  checkColumns(table, [...Object.keys(where), options.orderBy, options.after?.column, options.upTo?.column, ...(options.columns ?? [])]);
  const values: Array<[string, unknown]> = Object.entries(where);
  if (options.after) values.push([options.after.column, options.after.value]);
  if (options.upTo) values.push([options.upTo.column, options.upTo.value]);
  const bad = values.find(([, v]) => !(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))));
  if (bad) throw new Error(`column '${bad[0]}' of read model '${table}' compared with a value that is not a string, a number or null`);
}

/** Positions as fixed-width decimal text: string order is their numeric order, 128-bit EventStoreDB positions included. */
export const positionText = (position: Position) => position.toString().padStart(40, '0');

/** The columns of each table outside its key: what a tombstone clears. */
export const NON_KEY_COLUMNS = Object.fromEntries(
  Object.entries(READ_MODEL_TABLES).map(([table, { key, columns }]) => [
    table,
    Object.keys(columns).filter((c) => !(key as readonly string[]).includes(c)),
  ]),
) as Record<TableName, string[]>;

/** The layout a store writes the read models with: this schema and the store's own layout number; a change rebuilds. */
export const schemaFingerprint = (storeLayout: number) =>
  createHash('sha256')
    .update(JSON.stringify([storeLayout, READ_MODEL_TABLES]))
    .digest('hex');
