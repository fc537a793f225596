import { LIVE_STREAM_PREFIX } from '@forkline/domain';
import { FakeEventStoreDb } from '../../../../test/support/fake-eventstoredb-server';
import { describeWithServer } from '../server-contract';
import { EsdbLiveRecordStore } from './esdb-live-records';
import { describeLiveRecordsContract } from './live-records.contract';

describe('EventStoreDB live records against a fake server on the wire', () => {
  let fake: FakeEventStoreDb;
  beforeAll(async () => {
    fake = await FakeEventStoreDb.start();
  });
  afterAll(() => fake.stop());
  describeLiveRecordsContract('eventstoredb (fake server)', async () => ({
    open: () => EsdbLiveRecordStore.connect(fake.url, { prefix: LIVE_STREAM_PREFIX }),
    shared: true,
  }));

  it('writes to live-<threadId>, a stream the projections never subscribe to', async () => {
    const store = await EsdbLiveRecordStore.connect(fake.url, { prefix: LIVE_STREAM_PREFIX });
    await store.append('t-1', [{ runId: 'r', type: 'token_delta', data: { text: 'x' } }]);
    expect(fake.streamRecords('live-t-1').map((r) => r.type)).toEqual(['token_delta']);
    await store.close();
  });
});

describeWithServer('EVENTSTORE_URL', 'EventStoreDB live records', (url) => {
  describeLiveRecordsContract('eventstoredb', async () => ({
    open: () => EsdbLiveRecordStore.connect(url, { prefix: LIVE_STREAM_PREFIX }),
    shared: true,
  }));
});
