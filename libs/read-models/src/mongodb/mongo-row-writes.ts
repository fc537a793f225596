import { AnyBulkWriteOperation, Document, Filter } from 'mongodb';
import { NON_KEY_COLUMNS, positionText, READ_MODEL_TABLES, ReadModelChange, Row, TableName } from '../read-model.schema';

/*
 * Changes applied as in the SQLite adapter (sqlite-row-writes): each row document keeps the `row_position` of
 * the last change applied to it, a change applies only to rows older than itself, and a delete leaves a
 * tombstone (`row_deleted`, key and position only) so an older upsert replayed after it changes nothing.
 * Each guard sits in the filter of an update of one document (or of each document), so it holds without a
 * transaction and against a concurrent writer, and no operation depends on the outcome of another: a batch
 * becomes one ordered bulkWrite per collection.
 */

type Upsert = Extract<ReadModelChange, { upsert: unknown }>;

/** Rows older than the position; `$not` also takes rows stored before rows had positions. */
const olderThan = (position: string): Filter<Document> => ({ row_position: { $not: { $gte: position } } });

/** What reads see: live rows, not tombstones. */
export const LIVE_ROWS: Filter<Document> = { row_deleted: { $ne: true } };

/**
 * An upsert in two steps that need no answer from each other. The first inserts the row as the change makes
 * it unless a row with its key exists (a tombstone included); its filter is an equality on the unique key, so
 * two writers inserting at once do not fail on a duplicate key (the server retries such an upsert as an update).
 * The second sets the columns and adds the increments on the row if it is older than the change: a row just
 * inserted by the first step carries the change's position and is left alone.
 */
function upsertRow({ table, upsert, increment }: Upsert, position: string): AnyBulkWriteOperation[] {
  const key = keyOf(table, upsert);
  return [
    { updateOne: { filter: key, update: { $setOnInsert: { ...upsert, ...increment, row_position: position } }, upsert: true } },
    {
      updateOne: {
        filter: { ...key, ...olderThan(position) },
        update: { $set: { ...upsert, row_position: position }, $unset: { row_deleted: '' }, ...(increment && { $inc: increment }) },
      },
    },
  ];
}

/** Turns the matching rows older than the delete into tombstones. */
function tombstone(table: TableName, where: Partial<Row>, position: string): AnyBulkWriteOperation {
  return {
    updateMany: {
      filter: { ...where, ...olderThan(position) },
      update: {
        $set: { row_deleted: true, row_position: position },
        $unset: Object.fromEntries(NON_KEY_COLUMNS[table].map((c) => [c, ''])),
      },
    },
  };
}

/**
 * The bulk operations of a batch's changes, per collection, in the order of the changes. Rows of different
 * collections never depend on each other, so only the order within a collection matters.
 */
export function bulkOperations(changes: ReadModelChange[]): Map<TableName, AnyBulkWriteOperation[]> {
  const byTable = new Map<TableName, AnyBulkWriteOperation[]>();
  for (const change of changes) {
    const position = positionText(change.position);
    const ops = byTable.get(change.table) ?? [];
    if ('delete' in change) ops.push(tombstone(change.table, change.delete, position));
    else ops.push(...upsertRow(change, position));
    byTable.set(change.table, ops);
  }
  return byTable;
}

function keyOf(table: TableName, row: Partial<Row>): Row {
  return Object.fromEntries(READ_MODEL_TABLES[table].key.map((k) => [k, row[k] ?? null]));
}
