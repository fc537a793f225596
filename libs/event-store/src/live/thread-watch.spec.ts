import { ChangeFeed, ThreadWatches } from './thread-watch';

/** A store's change feed in memory: `write` is another process appending to a thread. */
class FakeFeed implements ChangeFeed {
  versions = 0;
  changes = 0;
  private readonly log: { threadId: string; version: number }[] = [];
  write(threadId: string): void {
    this.log.push({ threadId, version: this.log.length + 1 });
  }
  version(): number {
    this.versions++;
    return this.log.length;
  }
  changedSince(version: number) {
    this.changes++;
    const rows = this.log.filter((c) => c.version > version);
    return { threads: rows.map((c) => c.threadId), version: this.log.length };
  }
}

describe('ThreadWatches', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('polls once per store however many threads are followed, and wakes only the followers of threads that changed', async () => {
    const feed = new FakeFeed();
    const watches = new ThreadWatches(feed, 30);
    const followed = Array.from({ length: 1000 }, (_, i) => watches.acquire(`t${i}`));
    const seen = followed.map((w) => w.current);
    const polls = feed.versions;
    jest.advanceTimersByTime(30 * 10);
    expect(feed.versions - polls).toBe(10);
    expect(feed.changes).toBe(0);
    feed.write('t7');
    feed.write('t900');
    feed.write('not-followed');
    jest.advanceTimersByTime(30);
    expect(feed.changes).toBe(1);
    const woken = followed.flatMap((w, i) => (w.current !== seen[i] ? [i] : []));
    expect(woken).toEqual([7, 900]);
    for (const w of followed) w.release();
    const after = feed.versions;
    jest.advanceTimersByTime(30 * 10);
    expect(feed.versions).toBe(after);
  });

  it('a follower that read before a change it has not seen yet is woken by the next poll', async () => {
    const feed = new FakeFeed();
    const watches = new ThreadWatches(feed, 30);
    const watch = watches.acquire('t');
    const seen = watch.current;
    feed.write('t');
    const woken = watch.wait(seen, new AbortController().signal).then(() => 'woken');
    jest.advanceTimersByTime(30);
    await expect(woken).resolves.toBe('woken');
    watch.release();
  });
});
