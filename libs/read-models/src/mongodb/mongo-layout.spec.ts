import { Db, Document, MongoServerError } from 'mongodb';
import { READ_MODEL_TABLES } from '../read-model.schema';
import { indexesFor } from './mongo-indexes';
import { layoutFingerprint, META, prepareLayout, sameIndexes, supportsTransactions } from './mongo-layout';

const listed = (table: 'messages') => [{ v: 2, key: { _id: 1 }, name: '_id_' }, ...indexesFor(table).map((i) => ({ v: 2, ...i }))];
const TABLES = Object.keys(READ_MODEL_TABLES);

/** The few Db calls prepareLayout makes, on collections held as their index lists; what it drops is recorded. */
function fakeDb(collections: Record<string, Document[]>, layout?: string) {
  const dropped: string[] = [];
  const meta: Record<string, string> = layout === undefined ? {} : { layout };
  const missing = () => new MongoServerError({ message: 'ns does not exist', code: 26 });
  const collection = (name: string) => ({
    findOne: async ({ _id }: { _id: string }) => (name === META && meta[_id] ? { _id, value: meta[_id] } : null),
    updateOne: async ({ _id }: { _id: string }, { $set }: { $set: { value: string } }) => void (meta[_id] = $set.value),
    listIndexes: () => ({
      toArray: async () => {
        if (!collections[name]) throw missing();
        return collections[name];
      },
    }),
    drop: async () => {
      if (!collections[name]) throw missing();
      dropped.push(name);
      delete collections[name];
    },
    createIndexes: async (wanted: Document[]) => void (collections[name] = [{ key: { _id: 1 }, name: '_id_' }, ...wanted]),
  });
  return { db: { collection } as unknown as Db, dropped, meta, collections };
}

describe('MongoDB read store layout', () => {
  it('compares indexes by name, key order and uniqueness, whatever else the server reports', () => {
    expect(sameIndexes(listed('messages'), indexesFor('messages'))).toBe(true);
    const [id, key, ...rest] = listed('messages');
    expect(sameIndexes([id, { ...key, unique: false }, ...rest], indexesFor('messages'))).toBe(false);
    expect(sameIndexes([id, key, ...rest.slice(1)], indexesFor('messages'))).toBe(false);
    expect(sameIndexes([...listed('messages'), { v: 2, key: { role: 1 }, name: 'extra' }], indexesFor('messages'))).toBe(false);
    expect(sameIndexes([id, { ...key, key: { event_number: 1, thread_id: 1 } }, ...rest], indexesFor('messages'))).toBe(false);
  });

  it('uses transactions on a replica set member or behind mongos, not on a standalone server', () => {
    expect(supportsTransactions({ setName: 'rs0', isWritablePrimary: true })).toBe(true);
    expect(supportsTransactions({ msg: 'isdbgrid' })).toBe(true);
    expect(supportsTransactions({ isWritablePrimary: true })).toBe(false);
  });

  it('creates the collections of a fresh database and records the layout, dropping nothing', async () => {
    const { db, dropped, meta, collections } = fakeDb({});
    await prepareLayout(db);
    expect([dropped, meta.layout]).toEqual([[], layoutFingerprint()]);
    expect(Object.keys(collections).sort()).toEqual([...TABLES].sort());
  });

  it('keeps collections written with this layout', async () => {
    const { db, dropped } = fakeDb({}, layoutFingerprint());
    await prepareLayout(db);
    await prepareLayout(db);
    expect(dropped).toEqual([]);
  });

  it('drops every read model and the checkpoints (projections rebuild) when the layout differs or is not recorded', async () => {
    for (const layout of ['an older layout', undefined]) {
      const { db, dropped, meta } = fakeDb({ projection_checkpoints: [], threads: [{ key: { _id: 1 }, name: '_id_' }] }, layout);
      await prepareLayout(db);
      expect([dropped, meta.layout]).toEqual([['projection_checkpoints', 'threads'], layoutFingerprint()]);
    }
  });

  it('drops and rebuilds when an index differs from what the layout wants, instead of failing on createIndexes', async () => {
    const changedKey = [
      { key: { _id: 1 }, name: '_id_' },
      { key: { thread_id: 1 }, name: 'messages_key', unique: true },
    ];
    const { db, dropped, collections } = fakeDb({ projection_checkpoints: [], messages: changedKey }, layoutFingerprint());
    await prepareLayout(db);
    expect(dropped).toEqual(['projection_checkpoints', 'messages']);
    expect(collections.messages).toEqual([{ key: { _id: 1 }, name: '_id_' }, ...indexesFor('messages')]);
  });
});
