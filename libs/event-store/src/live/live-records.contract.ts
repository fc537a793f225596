import { randomUUID } from 'crypto';
import { LiveRecord, LiveRecordStore, NewLiveRecord } from './live-records.port';

/**
 * Where the records live for one test: `open` may be called more than once, and every store it opens shares the
 * same storage, as two processes on one DATA_DIR (or one server) do.
 */
export interface LiveRecordsPlace {
  open(): Promise<LiveRecordStore>;
  cleanup?(): Promise<void> | void;
  /** Other tests' records share the storage (a server): an expiry pass may remove theirs too. */
  shared?: boolean;
}

/** The behaviour every LiveRecordStore adapter must show. Each adapter's spec runs this suite. */
/** `expiresOnServer`: the server removes expired records by itself (EventStoreDB `$maxAge`), so `expire` does nothing. */
export function describeLiveRecordsContract(
  name: string,
  place: () => Promise<LiveRecordsPlace>,
  options: { expiresOnServer?: boolean } = {},
): void {
  describe(`LiveRecordStore contract: ${name}`, () => {
    let where: LiveRecordsPlace;
    let stores: LiveRecordStore[];
    let store: LiveRecordStore;
    const open = async () => {
      const opened = await where.open();
      stores.push(opened);
      return opened;
    };
    beforeEach(async () => {
      where = await place();
      stores = [];
      store = await open();
    });
    afterEach(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await where.cleanup?.();
    });

    const thread = () => randomUUID();
    const delta = (runId: string, text: string): NewLiveRecord => ({ runId, type: 'token_delta', data: { text } });
    const texts = (records: LiveRecord[]) => records.map((r) => r.data.text);
    const nextMs = async (after: number) => {
      while (Date.now() <= after) await new Promise((r) => setTimeout(r, 2));
    };

    it('appends with 0-based increasing seqs and reads them back in order, from a seq and newest first', async () => {
      const t = thread();
      const first = await store.append(t, [{ runId: 'r1', type: 'run_started', data: { attempt: 1, mode: 'chat' } }, delta('r1', 'a')]);
      const second = await store.append(t, [delta('r1', 'b'), { runId: 'r1', type: 'run_ended', data: { status: 'completed' } }]);
      expect([...first, ...second].map((r) => r.seq)).toEqual([0, 1, 2, 3]);
      expect(first[0]).toMatchObject({ threadId: t, runId: 'r1', type: 'run_started', data: { attempt: 1, mode: 'chat' } });
      expect(new Date(first[0].at).toISOString()).toBe(first[0].at);
      const all = await store.read(t, -1);
      expect(all).toEqual([...first, ...second]);
      expect((await store.read(t, 1)).map((r) => r.seq)).toEqual([2, 3]);
      expect((await store.read(t, -1, 2)).map((r) => r.seq)).toEqual([0, 1]);
      expect((await store.readLatest(t, 3)).map((r) => r.seq)).toEqual([3, 2, 1]);
      expect(await store.read(thread(), -1)).toEqual([]);
      expect(await store.readLatest(thread(), 5)).toEqual([]);
    });

    it('keeps threads apart', async () => {
      const [a, b] = [thread(), thread()];
      await store.append(a, [delta('r', 'a0')]);
      await store.append(b, [delta('r', 'b0'), delta('r', 'b1')]);
      await store.append(a, [delta('r', 'a1')]);
      expect((await store.read(a, -1)).map((r) => [r.seq, r.data.text])).toEqual([
        [0, 'a0'],
        [1, 'a1'],
      ]);
      expect(texts(await store.read(b, -1))).toEqual(['b0', 'b1']);
    });

    it('follows from a seq: what is stored after it, then every later append once and in order, until aborted', async () => {
      const t = thread();
      await store.append(t, [delta('r', '0'), delta('r', '1'), delta('r', '2')]);
      const abort = new AbortController();
      const seen: LiveRecord[] = [];
      const following = (async () => {
        for await (const batch of store.follow(t, 0, abort.signal)) {
          seen.push(...batch);
          if (seen.length === 5) abort.abort();
        }
      })();
      for (const text of ['3', '4', '5']) await store.append(t, [delta('r', text)]);
      await following;
      expect(seen.map((r) => [r.seq, r.data.text])).toEqual([1, 2, 3, 4, 5].map((n) => [n, String(n)]));
    });

    it("delivers another store instance's appends on the same storage (another process) to every follower", async () => {
      const t = thread();
      const writer = await open();
      const followers = [store, await open()];
      const abort = new AbortController();
      const seen = followers.map(() => [] as LiveRecord[]);
      const following = followers.flatMap((follower, i) =>
        [0, 1].map(async (copy) => {
          const mine: LiveRecord[] = copy === 0 ? seen[i] : [];
          for await (const batch of follower.follow(t, -1, abort.signal)) {
            mine.push(...batch);
            if (mine.length === 20) return mine;
          }
          return mine;
        }),
      );
      for (let i = 0; i < 10; i++) await writer.append(t, [delta('r', `${i}a`), delta('r', `${i}b`)]);
      const results = await Promise.all(following);
      abort.abort();
      const expected = Array.from({ length: 10 }, (_, i) => [`${i}a`, `${i}b`]).flat();
      for (const result of results) expect(texts(result)).toEqual(expected);
      expect(results[0].map((r) => r.seq)).toEqual(expected.map((_, i) => i));
    });

    it('ends a follow when its signal aborts while it waits', async () => {
      const abort = new AbortController();
      const following = (async () => {
        for await (const _ of store.follow(thread(), -1, abort.signal)) return 'yielded';
        return 'ended';
      })();
      setTimeout(() => abort.abort(), 20);
      await expect(following).resolves.toBe('ended');
    });

    it('ends its followers when it closes', async () => {
      const closing = await open();
      const following = (async () => {
        for await (const _ of closing.follow(thread(), -1, new AbortController().signal)) return 'yielded';
        return 'ended';
      })();
      await new Promise((r) => setTimeout(r, 20));
      await closing.close();
      await expect(following).resolves.toBe('ended');
    });

    (options.expiresOnServer ? it.skip : it)(
      'expires the records of runs that ended before the retention, keeps recent runs, and never reuses a seq',
      async () => {
        const [t, other] = [thread(), thread()];
        const oldRun = await store.append(t, [delta('old', 'x'), delta('old', 'y')]);
        await store.append(other, [delta('other-old', 'z')]);
        const oldLast = Math.max(...oldRun.map((r) => Date.parse(r.at)));
        await nextMs(oldLast + 20);
        const boundary = Date.now();
        await nextMs(boundary + 20);
        const recent = await store.append(t, [delta('recent', 'keep')]);
        expect(Date.parse(recent[0].at)).toBeGreaterThan(boundary);
        const removed = await store.expire(60_000, new Date(boundary + 60_000));
        if (where.shared) expect(removed).toBeGreaterThanOrEqual(3);
        else expect(removed).toBe(3);
        expect((await store.read(t, -1)).map((r) => [r.seq, r.runId])).toEqual([[2, 'recent']]);
        expect(await store.read(other, -1)).toEqual([]);
        expect((await store.append(t, [delta('next', 'n')]))[0].seq).toBe(3);
        expect((await store.append(other, [delta('next', 'n')]))[0].seq).toBe(1);
        if (!where.shared) expect(await store.expire(60_000, new Date(boundary + 60_000))).toBe(0);
        expect((await store.read(t, -1)).map((r) => r.seq)).toEqual([2, 3]);
      },
    );

    it('deletes a thread with its records and leaves other threads alone', async () => {
      const [t, other] = [thread(), thread()];
      await store.append(t, [delta('r', 'gone')]);
      await store.append(other, [delta('r', 'kept')]);
      await store.deleteThread(t);
      await store.deleteThread(thread());
      expect(await store.read(t, -1)).toEqual([]);
      expect(await store.readLatest(t, 1)).toEqual([]);
      expect(texts(await store.read(other, -1))).toEqual(['kept']);
    });

    it("refuses a deleted thread's runs for good, also one that had not written yet, and another store's", async () => {
      const t = thread();
      const elsewhere = await open();
      // The writer is another process that wrote before the deletion: what it knew of the thread is out of date.
      await elsewhere.append(t, [delta('old', 'secret')]);
      await store.deleteThread(t, ['old-quiet']);
      const late = [delta('old', 'late'), { runId: 'old', type: 'run_ended' as const, data: { status: 'stopped' } }];
      expect(await elsewhere.append(t, late)).toEqual([]);
      expect(await store.append(t, [delta('old-quiet', 'later')])).toEqual([]);
      expect(await store.read(t, -1)).toEqual([]);
      expect(await elsewhere.readLatest(t, 5)).toEqual([]);
    });

    it('gives a thread created again under a deleted id only its own records, in a sequence after the old one', async () => {
      const t = thread();
      const old = await store.append(t, [delta('old', 'gone'), delta('old', 'gone too')]);
      await store.deleteThread(t);
      const fresh = await store.append(t, [delta('new', 'mine'), delta('old', 'late')]);
      expect(fresh.map((r) => r.runId)).toEqual(['new']);
      expect(fresh[0].seq).toBeGreaterThan(old[1].seq);
      expect(texts(await store.read(t, -1))).toEqual(['mine']);
      expect(texts(await store.readLatest(t, 5))).toEqual(['mine']);
      const abort = new AbortController();
      for await (const batch of store.follow(t, -1, abort.signal)) {
        expect(texts(batch)).toEqual(['mine']);
        break;
      }
    });

    it('refuses only the named runs when the thread was created again before the deletion reached its live records', async () => {
      const t = thread();
      await store.append(t, [delta('old', 'secret')]);
      await store.append(t, [delta('new', 'early')]); // the new thread's run, before the janitor came
      await store.deleteRuns(t, ['old']);
      expect(await store.append(t, [delta('old', 'late')])).toEqual([]);
      expect((await store.append(t, [delta('new', 'mine')])).map((r) => r.runId)).toEqual(['new']);
      const kept = texts(await store.read(t, -1));
      expect(kept).not.toContain('secret');
      expect(kept).not.toContain('late');
      expect(kept[kept.length - 1]).toBe('mine');
    });
  });
}
