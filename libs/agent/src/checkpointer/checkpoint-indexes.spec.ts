import { setImmediate as nextMacrotask } from 'timers/promises';
import { checkpointStreamId, THREAD_SCHEMA_VERSION } from '@forkline/domain';
import { SqliteEventStore } from '@forkline/event-store';
import { CheckpointIndexes } from './checkpoint-indexes';

describe('CheckpointIndexes', () => {
  const store = new SqliteEventStore(':memory:');
  afterAll(() => store.close());
  const metadata = {
    actor: 'agent',
    correlationId: 't',
    causationId: null,
    occurredAt: new Date().toISOString(),
    schemaVersion: THREAD_SCHEMA_VERSION,
  };
  /** Another process's saver: a fork event appended straight to the log. */
  const appendElsewhere = (threadId: string, checkpointId: string) =>
    store.append(
      checkpointStreamId(threadId),
      [
        {
          eventId: crypto.randomUUID(),
          type: 'CheckpointForked',
          data: { threadId, checkpointNs: '', checkpointId, source: { threadId: 'src', checkpointId: 'c0' }, threadEventNumber: 1 },
          metadata,
        },
      ],
      'any',
    );
  const counted = () => {
    const reads = jest.spyOn(store, 'readStream');
    reads.mockClear();
    return reads;
  };

  it('reads the stream once per macrotask, and sees what another process appended in the next', async () => {
    const indexes = new CheckpointIndexes(store, 10);
    await appendElsewhere('a', 'c1');
    const reads = counted();
    for (let i = 0; i < 5; i++) expect((await indexes.get('a')).latest.get('')).toBe('c1');
    expect(reads).toHaveBeenCalledTimes(1);

    await appendElsewhere('a', 'c2');
    expect((await indexes.get('a')).latest.get('')).toBe('c1'); // the same macrotask: the snapshot of its first read
    await nextMacrotask();
    expect((await indexes.get('a')).latest.get('')).toBe('c2');
    expect(reads).toHaveBeenCalledTimes(2);
    reads.mockRestore();
  });

  it('folds in its own append, and reads when another append came between', async () => {
    const indexes = new CheckpointIndexes(store, 10);
    await appendElsewhere('b', 'c1');
    await indexes.get('b');
    await appendElsewhere('b', 'c2');
    // As if this process had appended c3 as revision 2: revision 1 (c2) is not in the index, so the stream is read now.
    const { nextRevision } = await appendElsewhere('b', 'c3');
    const reads = counted();
    await indexes.appended('b', { type: 'CheckpointsCleared', data: { threadId: 'b' } }, nextRevision);
    expect(reads).toHaveBeenCalledTimes(1);
    expect((await indexes.get('b')).latest.get('')).toBe('c3');
    reads.mockRestore();
  });

  it('keeps no more indexes than their weight allows: a thread that grows pushes the least recently used out', async () => {
    for (const t of ['w1', 'w2', 'w3']) await appendElsewhere(t, 'c1');
    const one = 1024 + (await new CheckpointIndexes(store, 10).get('w1')).bytes; // an index of one event, as weighed
    const indexes = new CheckpointIndexes(store, 10, Math.floor(3.5 * one));
    for (const t of ['w1', 'w2', 'w3']) await indexes.get(t);
    expect(indexes.cachedThreads()).toEqual(['w1', 'w2', 'w3']);
    for (const c of ['c2', 'c3', 'c4', 'c5']) await appendElsewhere('w3', c); // now w3 alone weighs about 2 * one
    await nextMacrotask();
    expect((await indexes.get('w3')).latest.get('')).toBe('c5');
    expect(indexes.cachedThreads()).toEqual(['w2', 'w3']);
    const reads = counted();
    await indexes.get('w1'); // evicted: read from the start again
    expect(reads.mock.calls[0][1]).toEqual({ fromRevision: 0 });
    reads.mockRestore();
  });

  it('folds each event once when two reads of one index overlap', async () => {
    await appendElsewhere('d', 'c1');
    await appendElsewhere('d', 'c2');
    const once = (await new CheckpointIndexes(store, 10).get('d')).bytes;
    const indexes = new CheckpointIndexes(store, 10);
    const [a, b] = await Promise.all([indexes.get('d'), indexes.get('d')]);
    expect(a).toBe(b);
    expect(a.bytes).toBe(once);
  });
});
