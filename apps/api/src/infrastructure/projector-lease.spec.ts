import { SqliteEventStore } from '@forkline/event-store';
import { ProjectorLease } from './projector-lease';

describe('ProjectorLease', () => {
  let store: SqliteEventStore;
  let a: ProjectorLease;
  let b: ProjectorLease;

  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    a = new ProjectorLease(store, 3000);
    b = new ProjectorLease(store, 3000);
  });
  afterEach(() => store.close());

  it('is held by one process at a time: the holder renews it, the other is refused until it expires', async () => {
    const now = Date.now();
    expect(await a.acquire(now)).toBe(true);
    expect(await b.acquire(now + 10)).toBe(false);
    expect(await a.acquire(now + 1000)).toBe(true); // a renewal moves the expiry on
    expect(await b.acquire(now + 3500)).toBe(false); // within the renewed lease and its margin
    expect(await b.acquire(now + 1000 + 3000 + 301)).toBe(true); // expired (past the margin): taken over
    expect(await a.acquire(now + 4400)).toBe(false); // the old holder finds it gone
  });

  it('is free at once when released', async () => {
    expect(await a.acquire()).toBe(true);
    await a.release();
    expect(await b.acquire()).toBe(true);
    await a.release(); // not a's any more: nothing is appended
    expect(await a.acquire()).toBe(false);
  });

  it('lets only one of two racing takers have it (appends under expected revision)', async () => {
    const results = await Promise.all([a.acquire(), b.acquire()]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
