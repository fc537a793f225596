import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteRateCounterStore } from '@forkline/read-models';
import { ProjectorLease } from './projector-lease';

describe('ProjectorLease', () => {
  let dir: string;
  let store: SqliteRateCounterStore;
  let a: ProjectorLease;
  let b: ProjectorLease;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projector-lease-'));
    store = new SqliteRateCounterStore(join(dir, 'limits.db'));
    a = new ProjectorLease(store, 3000);
    b = new ProjectorLease(store, 3000);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is held by one process at a time: the holder renews it, the other is refused until it expires', async () => {
    const now = Date.now();
    expect(await a.acquire(now)).toBe(true);
    expect(await b.acquire(now + 10)).toBe(false);
    expect(await a.acquire(now + 1000)).toBe(true); // a renewal moves the expiry on
    expect(await b.acquire(now + 3500)).toBe(false); // within the renewed lease
    expect(await b.acquire(now + 1000 + 3000 + 1)).toBe(true); // expired: taken over
    expect(await a.acquire(now + 4400)).toBe(false); // the old holder finds it gone
  });

  it('is free at once when released', async () => {
    expect(await a.acquire()).toBe(true);
    await a.release();
    expect(await b.acquire()).toBe(true);
    await a.release(); // not a's any more: nothing changes
    expect(await a.acquire()).toBe(false);
  });

  it('lets only one of two racing takers have it (one atomic claim)', async () => {
    const results = await Promise.all([a.acquire(), b.acquire()]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
