import { testEvent, useFakeEventStoreDb } from '../../../../test/support/fake-eventstoredb-setup';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

describe('EventStoreDB adapter reads, against a fake server on the wire', () => {
  const { fake, store } = useFakeEventStoreDb({ prefixes: ['thread-'] });

  it('closes the connect probe', async () => {
    fake().seed('other-app', 50);
    const again = await EventStoreDbEventStore.connect(fake().url, { prefixes: ['thread-'] });
    await again.close();
    expect(await fake().openCalls()).toEqual([]);
  });

  it('reads the global log to a limit in bounded pages and leaves no call open', async () => {
    fake().seed('thread-a', 3000);
    const first = await store().readAll({ limit: 5 });
    expect(first).toHaveLength(5);
    const next = await store().readAll({ after: first[4].position, limit: 1200 });
    expect(next.map((e) => e.revision)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 5));
    expect(await fake().openCalls()).toEqual([]);
    expect(fake().calls.every((c) => c.count <= 1001)).toBe(true);
  });

  it('reads the whole global log across pages, skipping foreign streams', async () => {
    fake().seed('thread-a', 700);
    fake().seed('orders-1', 900);
    fake().seed('thread-b', 600);
    const all = await store().readAll();
    expect(all.map((e) => e.streamId)).toEqual([...Array(700).fill('thread-a'), ...Array(600).fill('thread-b')]);
    expect(await fake().openCalls()).toEqual([]);
  });

  it('finds the head behind a long stretch of other applications’ events, closing every page', async () => {
    await store().append('thread-a', [testEvent()], 'no_stream');
    const [mine] = fake().streamRecords('thread-a');
    fake().seed('orders-1', 2500);
    expect(await store().headPosition()).toBe((mine.position << 64n) | mine.position);
    expect(await fake().openCalls()).toEqual([]);
    expect(fake().calls.every((c) => c.count <= 1001)).toBe(true);
  });

  it('looks for the head again only back to the one it found before (a /health probe never walks the log twice)', async () => {
    await store().append('thread-a', [testEvent()], 'no_stream');
    fake().seed('orders-1', 2500);
    const head = await store().headPosition();
    fake().seed('orders-2', 2500);
    const pagesBack = () => fake().calls.filter((c) => c.kind === 'all' && c.backwards).length;
    const before = pagesBack();
    expect(await store().headPosition()).toBe(head);
    // Only the 2,500 records appended since: three backward pages of 1,000, not the six a walk from scratch takes.
    expect(pagesBack() - before).toBe(3);
    await store().append('thread-b', [testEvent()], 'no_stream');
    const [newest] = fake().streamRecords('thread-b');
    expect(await store().headPosition()).toBe((newest.position << 64n) | newest.position);
    expect(await fake().openCalls()).toEqual([]);
  });

  it('walks a log without Forkline events once; later lookups read only what came since', async () => {
    fake().seed('orders-1', 3000);
    expect(await store().headPosition()).toBeUndefined();
    fake().seed('orders-2', 10);
    const pagesBack = () => fake().calls.filter((c) => c.kind === 'all' && c.backwards).length;
    const before = pagesBack();
    expect(await store().headPosition()).toBeUndefined();
    expect(pagesBack() - before).toBe(1);
  });

  it('answers no head when the log holds no Forkline event, and when it is empty', async () => {
    expect(await store().headPosition()).toBeUndefined();
    fake().seed('orders-1', 1500);
    expect(await store().headPosition()).toBeUndefined();
    expect(await fake().openCalls()).toEqual([]);
  });

  it('closes the head read when the newest record is Forkline’s', async () => {
    fake().seed('thread-a', 2000);
    expect(await store().headPosition()).toBeDefined();
    expect(await fake().openCalls()).toEqual([]);
  });
});
