import { ClientSession, Db, Document, Filter, UpdateFilter } from 'mongodb';
import { positionText, READ_MODEL_TABLES, ReadModelChange, Row, TableName } from '../read-model.schema';

/*
 * Changes applied as in the SQLite adapter (sqlite-row-writes): each row document keeps the `row_position` of
 * the last change applied to it, a change applies only to rows older than itself, and a delete leaves a
 * tombstone (`row_deleted`, key and position only) so an older upsert replayed after it changes nothing.
 * Each guard sits in the filter of an update of one document (or of each document), so it holds without a
 * transaction and against a concurrent writer.
 */

interface RowWrite {
  filter: Filter<Document>;
  update: UpdateFilter<Document>;
}

type Upsert = Extract<ReadModelChange, { upsert: unknown }>;

/** Rows older than the position; `$not` also takes rows stored before rows had positions. */
const olderThan = (position: string): Filter<Document> => ({ row_position: { $not: { $gte: position } } });

/** What reads see: live rows, not tombstones. */
export const LIVE_ROWS: Filter<Document> = { row_deleted: { $ne: true } };

/** Sets the change's columns and adds its increments, on its row if that row is older than the change. */
function guardedUpdate({ table, upsert, increment }: Upsert, position: string): RowWrite {
  return {
    filter: { ...keyOf(table, upsert), ...olderThan(position) },
    update: { $set: { ...upsert, row_position: position }, $unset: { row_deleted: '' }, ...(increment && { $inc: increment }) },
  };
}

/** Inserts the row as the change makes it, unless a row with its key exists (a tombstone included). */
function insertIfAbsent({ table, upsert, increment }: Upsert, position: string): RowWrite {
  return { filter: keyOf(table, upsert), update: { $setOnInsert: { ...upsert, ...increment, row_position: position } } };
}

/** Turns the matching rows older than the delete into tombstones. */
function tombstone(table: TableName, where: Partial<Row>, position: string): RowWrite {
  const key: readonly string[] = READ_MODEL_TABLES[table].key;
  const cleared = Object.keys(READ_MODEL_TABLES[table].columns).filter((c) => !key.includes(c));
  return {
    filter: { ...where, ...olderThan(position) },
    update: { $set: { row_deleted: true, row_position: position }, $unset: Object.fromEntries(cleared.map((c) => [c, ''])) },
  };
}

export async function applyChange(db: Db, change: ReadModelChange, session?: ClientSession): Promise<void> {
  const collection = db.collection(change.table);
  const position = positionText(change.position);
  if ('delete' in change) {
    const { filter, update } = tombstone(change.table, change.delete, position);
    await collection.updateMany(filter, update, { session });
    return;
  }
  const update = guardedUpdate(change, position);
  if ((await collection.updateOne(update.filter, update.update, { session })).matchedCount > 0) return;
  // No row older than the change: there is none (insert it), or it is at or past the change (nothing to do).
  const insert = insertIfAbsent(change, position);
  if ((await collection.updateOne(insert.filter, insert.update, { upsert: true, session })).upsertedCount > 0) return;
  // Another writer may have inserted the row from an older change in between: then the change still applies.
  await collection.updateOne(update.filter, update.update, { session });
}

function keyOf(table: TableName, row: Partial<Row>): Row {
  return Object.fromEntries(READ_MODEL_TABLES[table].key.map((k) => [k, row[k] ?? null]));
}
