import { IndexDescription } from 'mongodb';
import { READ_MODEL_TABLES, TableName } from '../read-model.schema';

/** Each read model's collection: a unique index on its key, plus the indexes its queries need. */
export function indexesFor(table: TableName): IndexDescription[] {
  const t = READ_MODEL_TABLES[table];
  const spec = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, 1 as const]));
  return [
    { key: spec(t.key), unique: true, name: `${table}_key` },
    ...t.indexes.map((fields) => ({ key: spec(fields), name: `${table}_${fields.join('_')}` })),
  ];
}
