import { MongoClient } from 'mongodb';
import { describeWithServer } from '../../../event-store/src/server-contract';
import { MongoRateCounterStore, RATE_WINDOWS } from './mongo-rate-counters';
import { describeRateCounterContract } from './rate-counters.contract';

describeWithServer('MONGODB_URL', 'MongoDB rate counters', (url) => {
  const fresh = () => url.replace(/\/([^/?]*)(\?|$)/, `/forkline_limits_${Date.now()}_${Math.random().toString(36).slice(2)}$2`);

  describeRateCounterContract('mongodb', async () => {
    const dbUrl = fresh();
    return [await MongoRateCounterStore.connect(dbUrl), await MongoRateCounterStore.connect(dbUrl)];
  });

  it('lets MongoDB expire ended windows through a TTL index on expireAt', async () => {
    const dbUrl = fresh();
    const store = await MongoRateCounterStore.connect(dbUrl);
    await store.increment('k', { now: 1_000, windowMs: 60_000, limit: 1, blockMs: 60_000 });
    const client = await new MongoClient(dbUrl).connect();
    const windows = client.db().collection(RATE_WINDOWS);
    expect(await windows.indexes()).toContainEqual(expect.objectContaining({ key: { expireAt: 1 }, expireAfterSeconds: 0 }));
    expect(await windows.findOne({ _id: 'k' as never })).toMatchObject({ expireAt: new Date(61_000) });
    await client.close();
    await store.close();
  });
});
