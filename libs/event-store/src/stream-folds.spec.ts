import { RecordedEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { foldStream, StreamFolds } from './stream-folds';

describe('folding streams in pages from the cached revision', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  interface Sum {
    total: number;
    revision: number;
  }
  const sum = ({ total }: Sum, page: RecordedEvent[]) => ({ total: page.reduce((t, e) => t + (e.data as { n: number }).n, total) });
  const zero = (): Sum => ({ total: 0, revision: -1 });
  let store: SqliteEventStore;
  let reads: { fromRevision?: number; limit?: number }[];

  const appendNumbers = (from: number, to: number) =>
    store.append(
      's',
      Array.from({ length: to - from + 1 }, (_, i) => ({
        eventId: `e${from + i}`,
        type: 'N',
        data: { n: from + i },
        metadata: { ...ctx, occurredAt: new Date().toISOString(), schemaVersion: 1 },
      })),
      'any',
    );

  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    reads = [];
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((streamId, options) => (reads.push({ ...options }), readStream(streamId, options)));
  });
  afterEach(() => store.close());

  it('reads a long stream a page at a time, then only what was appended since', async () => {
    await appendNumbers(1, 7);
    const folds = new StreamFolds(store, 10, zero, sum, 3);
    expect(await folds.load('s')).toEqual({ total: 28, revision: 6 });
    expect(reads).toEqual([
      { fromRevision: 0, limit: 3 },
      { fromRevision: 3, limit: 3 },
      { fromRevision: 6, limit: 3 },
    ]);

    reads = [];
    await appendNumbers(8, 8); // another process's append
    expect(await folds.load('s')).toEqual({ total: 36, revision: 7 });
    expect(reads).toEqual([{ fromRevision: 7, limit: 3 }]);

    folds.delete('s');
    expect(await folds.load('s')).toEqual({ total: 36, revision: 7 });
  });

  it('folds up to a revision, and an empty stream to the start value', async () => {
    await appendNumbers(1, 7);
    expect(await foldStream(store, 's', zero(), sum, { toRevision: 4, pageSize: 2 })).toEqual({ total: 15, revision: 4 });
    expect(reads.map((r) => r.limit)).toEqual([2, 2, 1]);
    const start = zero();
    expect(await foldStream(store, 'missing', start, sum)).toBe(start);
    expect(await foldStream(store, 's', start, sum, { toRevision: -1 })).toBe(start);
  });
});
