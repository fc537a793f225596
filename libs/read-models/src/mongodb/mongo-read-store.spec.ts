import { Db, MongoClient } from 'mongodb';
import { describeWithServer } from '../../../event-store/src/server-contract';
import { positionText, READ_MODEL_TABLES, TableName } from '../read-model.schema';
import { describeReadStoreContract } from '../read-store.contract';
import { indexesFor } from './mongo-indexes';
import { MongoReadStore } from './mongo-read-store';

describe('MongoDB read store, without a server', () => {
  it('defines a unique key index and the query indexes for every read model', () => {
    expect(indexesFor('messages')).toEqual([
      { key: { thread_id: 1, event_number: 1 }, unique: true, name: 'messages_key' },
      { key: { thread_id: 1, role: 1, event_number: 1 }, name: 'messages_thread_id_role_event_number' },
      { key: { message_id: 1 }, name: 'messages_message_id' },
    ]);
    for (const table of Object.keys(READ_MODEL_TABLES) as TableName[]) expect(indexesFor(table)[0]).toMatchObject({ unique: true });
  });

  it("keeps its own (owner_id, bytes) index on thread_sizes for an owner's stored bytes, which the schema leaves out", () => {
    expect(READ_MODEL_TABLES.thread_sizes.indexes).toEqual([]);
    expect(indexesFor('thread_sizes')).toEqual([
      { key: { thread_id: 1 }, unique: true, name: 'thread_sizes_key' },
      { key: { owner_id: 1, bytes: 1 }, name: 'thread_sizes_owner_id_bytes' },
    ]);
  });

  it('stores positions as text in numeric order, 128-bit included', () => {
    const positions = [0n, 9n, 10n, 2n ** 64n, 2n ** 127n];
    const texts = positions.map(positionText);
    expect([...texts].sort()).toEqual(texts);
    expect(texts.map((t) => BigInt(t))).toEqual(positions);
  });

  it('fails to connect to an unreachable server with a clear error', async () => {
    await expect(MongoReadStore.connect('mongodb://127.0.0.1:1/forkline', 300)).rejects.toThrow();
  });
});

describeWithServer('MONGODB_URL', 'MongoDB', (url) => {
  // A fresh database per run of the suite, so the contract starts from nothing each time.
  const fresh = () => url.replace(/\/([^/?]*)(\?|$)/, `/forkline_contract_${Date.now()}_${Math.random().toString(36).slice(2)}$2`);
  describeReadStoreContract('mongodb', () => MongoReadStore.connect(fresh()));

  describe('MongoDB read store layout, on the server', () => {
    const heads = (position: bigint) => [
      { subscriber: 'heads', position, changes: [{ table: 'heads' as const, upsert: { thread_id: 'a', event_number: 1 }, position }] },
    ];
    /** A store written once, then `tamper` run on its database directly, then the store opened again. */
    const reopenedAfter = async (tamper: (db: Db) => Promise<unknown>) => {
      const dbUrl = fresh();
      const first = await MongoReadStore.connect(dbUrl);
      await first.commit(heads(3n));
      await first.follow('log-1');
      await first.close();
      const client = await new MongoClient(dbUrl).connect();
      await tamper(client.db());
      await client.close();
      return MongoReadStore.connect(dbUrl);
    };

    it('keeps what it holds when opened again with the same layout, and the event store it follows', async () => {
      const store = await reopenedAfter(async () => undefined);
      expect(await store.checkpointOf('heads')).toBe(3n);
      await expect(store.follow('log-2')).rejects.toThrow(/follow event store 'log-1', not 'log-2'/);
      await store.close();
    });

    it('drops the read models and checkpoints (projections rebuild) when the recorded layout differs', async () => {
      const store = await reopenedAfter((db) =>
        db.collection<{ _id: string }>('read_model_meta').updateOne({ _id: 'layout' }, { $set: { value: 'old' } }),
      );
      expect([await store.checkpointOf('heads'), await store.dump('heads')]).toEqual([undefined, []]);
      await store.close();
    });

    it('drops and rebuilds when an index differs, instead of failing on createIndexes', async () => {
      const store = await reopenedAfter(async (db) => {
        await db.collection('messages').dropIndex('messages_message_id');
        await db.collection('messages').createIndex({ message_id: 1, thread_id: 1 }, { name: 'messages_message_id' });
      });
      expect(await store.checkpointOf('heads')).toBeUndefined();
      await store.commit(heads(4n));
      expect(await store.checkpointOf('heads')).toBe(4n);
      await store.close();
    });
  });
});
