import { LIVE_STREAM_PREFIX } from '@forkline/domain';
import { FakeEventStoreDb } from '../../../../test/support/fake-eventstoredb-server';
import { describeWithServer } from '../server-contract';
import { EsdbLiveRecordStore, LONGEST_RUN_MS } from './esdb-live-records';
import { describeLiveRecordsContract } from './live-records.contract';

const options = { prefix: LIVE_STREAM_PREFIX, retentionMs: 60_000 };

describe('EventStoreDB live records against a fake server on the wire', () => {
  let fake: FakeEventStoreDb;
  beforeAll(async () => {
    fake = await FakeEventStoreDb.start();
  });
  afterAll(() => fake.stop());
  describeLiveRecordsContract(
    'eventstoredb (fake server)',
    async () => ({ open: () => EsdbLiveRecordStore.connect(fake.url, options), shared: true }),
    { expiresOnServer: true },
  );

  it('writes to live-<threadId>, a stream the projections never subscribe to', async () => {
    const store = await EsdbLiveRecordStore.connect(fake.url, options);
    await store.append('t-1', [{ runId: 'r', type: 'token_delta', data: { text: 'x' } }]);
    expect(fake.streamRecords('live-t-1').map((r) => r.type)).toEqual(['token_delta']);
    await store.close();
  });

  it('gives every live stream a $maxAge of the retention plus the longest run, also one it finds without', async () => {
    const maxAge = () => {
      const meta = fake.streamRecords('$$live-t-2').filter((r) => r.type === '$metadata');
      return meta.length ? JSON.parse(meta[meta.length - 1].data.toString()).$maxAge : undefined;
    };
    const store = await EsdbLiveRecordStore.connect(fake.url, options);
    await store.append('t-2', [{ runId: 'r', type: 'token_delta', data: { text: 'x' } }]);
    expect(maxAge()).toBe(60 + LONGEST_RUN_MS / 1000);
    const longer = await EsdbLiveRecordStore.connect(fake.url, { ...options, retentionMs: 120_000 });
    await longer.append('t-2', [{ runId: 'r', type: 'token_delta', data: { text: 'y' } }]);
    expect(maxAge()).toBe(120 + LONGEST_RUN_MS / 1000);
    expect(await longer.expire()).toBe(0);
    await Promise.all([store.close(), longer.close()]);
  });
});

describeWithServer('EVENTSTORE_URL', 'EventStoreDB live records', (url) => {
  describeLiveRecordsContract('eventstoredb', async () => ({ open: () => EsdbLiveRecordStore.connect(url, options), shared: true }), {
    expiresOnServer: true,
  });
});
