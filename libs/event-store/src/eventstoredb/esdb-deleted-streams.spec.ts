import { FakeEventStoreDb } from '../../../../test/support/fake-eventstoredb-server';
import { testEvent } from '../../../../test/support/fake-eventstoredb-setup';
import { RecordedEvent } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

describe('EventStoreDB adapter and deleted streams, against a fake server that keeps their events in $all', () => {
  const options = { prefixes: ['thread-', 'checkpoints-', 'deletions'], deletionsStream: 'deletions' };
  let fake: FakeEventStoreDb;
  let writer: EventStoreDbEventStore;
  let reader: EventStoreDbEventStore;
  beforeEach(async () => {
    fake = await FakeEventStoreDb.start();
    writer = await EventStoreDbEventStore.connect(fake.url, options);
    reader = await EventStoreDbEventStore.connect(fake.url, options);
    await writer.append('thread-a', [testEvent('Said'), testEvent('ThreadDeleted')], 'no_stream');
    await writer.append('checkpoints-a', [testEvent('CheckpointSaved')], 'no_stream');
    await writer.append('thread-b', [testEvent('Said')], 'no_stream');
    expect((await reader.readAll()).map((e) => e.streamId)).toEqual(['thread-a', 'thread-a', 'checkpoints-a', 'thread-b']);
    // What the stream janitor does: record the removal, then tombstone the streams.
    await writer.append('deletions', [testEvent('ThreadStreamDeleted', { threadId: 'a', streams: ['thread-a', 'checkpoints-a'] })], 'any');
    await writer.deleteStream('checkpoints-a');
    await writer.deleteStream('thread-a');
    expect(fake.records.filter((r) => r.streamId === 'thread-a')).toHaveLength(3);
  });
  afterEach(async () => {
    await Promise.all([writer.close(), reader.close()]);
    await fake.stop();
  });

  it('another process’s global reads skip the removed streams before any scavenge', async () => {
    expect((await reader.readAll()).map((e) => e.streamId)).toEqual(['thread-b', 'deletions']);
    const fresh = await EventStoreDbEventStore.connect(fake.url, options);
    expect((await fresh.readAll({ limit: 1 })).map((e) => e.streamId)).toEqual(['thread-b']);
    await fresh.close();
  });

  it('another process’s subscription skips them too', async () => {
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    for await (const batch of reader.subscribeToAll({ signal: controller.signal })) {
      seen.push(...batch);
      if (seen.some((e) => e.streamId === 'deletions')) controller.abort();
    }
    expect(seen.map((e) => e.streamId)).toEqual(['thread-b', 'deletions']);
  });

  it('the newest event of a removed stream is not the head', async () => {
    await writer.append('thread-c', [testEvent('Said')], 'no_stream');
    await writer.append('deletions', [testEvent('ThreadStreamDeleted', { threadId: 'c', streams: ['thread-c'] })], 'any');
    const [record] = await reader.readStream('deletions', { direction: 'backwards', limit: 1 });
    await writer.append('thread-c', [testEvent('LateWrite')], 0);
    expect(await reader.headPosition()).toBe(record.position);
  });
});
