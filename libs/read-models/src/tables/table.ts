/**
 * A column's SQL type. ' NULL' marks a column that may hold null; the others are always written by the projector
 * that creates the row, which the row types of read-model.schema.ts (and so the projectors' changes) promise, not the stores.
 */
export type ColumnType = 'TEXT' | 'INTEGER' | 'TEXT NULL' | 'INTEGER NULL';

export interface TableSchema<C extends Record<string, ColumnType>, K extends keyof C & string> {
  key: readonly K[];
  columns: C;
  indexes: readonly (readonly (keyof C & string)[])[];
}

/** Checks at compile time that a table's key and indexes name its own columns. */
export const table = <const C extends Record<string, ColumnType>, const K extends keyof C & string>(t: TableSchema<C, K>) => t;
