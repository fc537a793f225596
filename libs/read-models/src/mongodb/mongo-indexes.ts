import { IndexDescription } from 'mongodb';
import { READ_MODEL_TABLES, TableName } from '../read-model.schema';

/**
 * Indexes for this store's own queries, beyond the schema's: the owner's stored bytes (storedBytesOf, asked on every
 * user message) are summed over the owner's thread_sizes rows, found by owner_id with their bytes beside. The SQLite
 * store keeps each owner's total in a row instead (owner_bytes), so the schema declares no such index.
 */
const MONGO_INDEXES: Partial<Record<TableName, readonly (readonly string[])[]>> = { thread_sizes: [['owner_id', 'bytes']] };

/** Each read model's collection: a unique index on its key, plus the indexes its queries need. */
export function indexesFor(table: TableName): IndexDescription[] {
  const t = READ_MODEL_TABLES[table];
  const spec = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, 1 as const]));
  return [
    { key: spec(t.key), unique: true, name: `${table}_key` },
    ...[...t.indexes, ...(MONGO_INDEXES[table] ?? [])].map((fields) => ({ key: spec(fields), name: `${table}_${fields.join('_')}` })),
  ];
}
