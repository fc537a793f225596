import { Db, Document, IndexDescription, MongoServerError } from 'mongodb';
import { READ_MODEL_TABLES, schemaFingerprint, TableName } from '../read-model.schema';
import { CHECKPOINTS } from './mongo-checkpoints';
import { indexesFor } from './mongo-indexes';

/** Bumped when the documents' own layout changes (bookkeeping fields); with the read-model schema it decides a rebuild. */
const STORE_LAYOUT = 1;

/** What the store records about itself: the layout it was written with, the event store it follows. */
export const META = 'read_model_meta';

const TABLES = Object.keys(READ_MODEL_TABLES) as TableName[];

/** The layout these collections are written with: the read-model schema (indexes included) and the store's own layout. */
export const layoutFingerprint = () => schemaFingerprint(STORE_LAYOUT);

/** An index as compared: its name, key (in order) and uniqueness; the server's version and defaults aside. */
const indexShape = (i: { name?: string; key: Document; unique?: boolean }) => JSON.stringify([i.name, Object.entries(i.key), !!i.unique]);

/** Whether a collection's indexes (as listIndexes gives them, `_id_` included) are exactly the ones wanted. */
export function sameIndexes(existing: Document[], wanted: IndexDescription[]): boolean {
  const have = existing.filter((i) => i.name !== '_id_').map((i) => indexShape(i as { key: Document }));
  const want = wanted.map((i) => indexShape(i as { name?: string; key: Document }));
  return have.length === want.length && want.every((w) => have.includes(w));
}

/** Transactions need a replica set member (`setName`) or a mongos router (`msg: 'isdbgrid'`), as the driver classifies servers. */
export const supportsTransactions = (hello: Document) => typeof hello.setName === 'string' || hello.msg === 'isdbgrid';

/**
 * Prepares the collections, as the SQLite adapter prepares its tables: when they were written with another
 * layout (or their indexes are not the ones this layout wants), every read-model collection and every
 * checkpoint is dropped, so projections rebuild them from the log. The fingerprint is stored last, so a start
 * interrupted half-way drops again.
 */
export async function prepareLayout(db: Db): Promise<void> {
  const fingerprint = layoutFingerprint();
  const meta = db.collection<{ _id: string; value: string }>(META);
  const stored = await meta.findOne({ _id: 'layout' });
  let indexesDiffer = false;
  for (const table of TABLES) {
    const existing = await listIndexes(db, table);
    if (existing.length > 0 && !sameIndexes(existing, indexesFor(table))) indexesDiffer = true;
  }
  if (stored?.value !== fingerprint || indexesDiffer) {
    await dropIfExists(db, CHECKPOINTS);
    for (const table of TABLES) await dropIfExists(db, table);
  }
  for (const table of TABLES) await db.collection(table).createIndexes(indexesFor(table));
  if (stored?.value !== fingerprint) await meta.updateOne({ _id: 'layout' }, { $set: { value: fingerprint } }, { upsert: true });
}

const NAMESPACE_NOT_FOUND = 26;

async function listIndexes(db: Db, table: string): Promise<Document[]> {
  try {
    return await db.collection(table).listIndexes().toArray();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

async function dropIfExists(db: Db, name: string): Promise<void> {
  // Since MongoDB 7 dropping a missing collection succeeds; before, it failed with NamespaceNotFound.
  try {
    await db.collection(name).drop();
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
  }
}
