import { READ_MODEL_TABLES, TableName } from '../read-model.schema';

/** Where a read model's rows are stored: the table, the stored name of each column, and the row's bookkeeping columns. */
export interface StoredAs {
  table: string;
  column: (name: string) => string;
  /** The position of the last change applied to the read model's row (null in a shared row: no row of this model). */
  position: string;
  /** 1 on a tombstone. */
  deleted: string;
  /** Whether other read models keep their rows in the same table (and so the same rows). */
  shared: boolean;
}

/**
 * The read models with one row per thread that every new thread writes (and a turn updates): stored side by side in
 * one row per thread, so a new thread inserts one row into one table and its key index instead of six of each, and a
 * turn rewrites one row. Each keeps its own columns, prefixed with its name, and its own position and tombstone.
 */
export const THREAD_ROW_MODELS: readonly TableName[] = ['threads', 'heads', 'branches', 'workflows', 'thread_sizes', 'langgraph_threads'];
export const THREAD_ROWS = 'thread_rows';

const own = (table: TableName): StoredAs => ({
  table: `${table}_rows`,
  column: (name) => name,
  position: 'row_position',
  deleted: 'row_deleted',
  shared: false,
});

const inThreadRows = (table: TableName): StoredAs => {
  const key: readonly string[] = READ_MODEL_TABLES[table].key;
  return {
    table: THREAD_ROWS,
    column: (name) => (key.includes(name) ? name : `${table}__${name}`),
    position: `${table}__row_position`,
    deleted: `${table}__row_deleted`,
    shared: true,
  };
};

/** Each read model's storage. */
export const STORED: Record<TableName, StoredAs> = Object.fromEntries(
  (Object.keys(READ_MODEL_TABLES) as TableName[]).map((t) => [t, THREAD_ROW_MODELS.includes(t) ? inThreadRows(t) : own(t)]),
) as Record<TableName, StoredAs>;
