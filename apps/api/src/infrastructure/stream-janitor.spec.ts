import { Logger } from '@nestjs/common';
import { checkpointStreamId, forksStreamId, leaseStreamId, threadStreamId } from '@forkline/domain';
import { ForkRegistry, NewEvent, SqliteEventStore, SqliteLiveRecordStore } from '@forkline/event-store';
import { SqliteReadStore } from '@forkline/read-models';
import { StreamJanitor } from './stream-janitor';

/** An event store whose process dies after its first stream deletion. */
class CrashingAfterOneDelete extends SqliteEventStore {
  private deletes = 0;
  async deleteStream(streamId: string): Promise<void> {
    if (this.deletes++ > 0) throw new Error('process killed');
    return super.deleteStream(streamId);
  }
}

const envelope = (type: string, data: unknown): NewEvent => ({
  eventId: `${type}-${Math.random()}`,
  type,
  data,
  metadata: { actor: 'u', correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});

describe('StreamJanitor', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('a crash between the two deletions never strands the checkpoints (the conversation content) or live records of a deleted thread', async () => {
    const crashing = new CrashingAfterOneDelete(':memory:');
    const live = new SqliteLiveRecordStore(':memory:');
    for (const thread of ['t', 'other']) await live.append(thread, [{ runId: 'r', type: 'token_delta', data: { text: 'the answer' } }]);
    const reads = new SqliteReadStore(':memory:');
    await crashing.append(threadStreamId('t'), [envelope('ThreadDeleted', { threadId: 't', eventNumber: 0 })], 'no_stream');
    await crashing.append(checkpointStreamId('t'), [envelope('CheckpointSaved', { text: 'the whole conversation' })], 'no_stream');
    await crashing.append(leaseStreamId('t'), [envelope('LeaseRenewed', { threadId: 't', runId: 'r', attempt: 1 })], 'no_stream');
    await reads.commit([
      {
        subscriber: 'stream-janitor',
        position: 1n,
        changes: [{ table: 'pending_deletions', position: 1n, upsert: { thread_id: 't', event_number: 0, actor: 'u' } }],
      },
    ]);

    const first = new StreamJanitor(crashing, reads, () => undefined, live);
    await first.resume();
    await first.settled('t');
    // The restarted process (same store, no crash this time) resumes the to-do list.
    const store = Object.assign(crashing, { deleteStream: SqliteEventStore.prototype.deleteStream });
    const second = new StreamJanitor(store, reads, () => undefined, live);
    await second.resume();
    await second.settled('t');

    expect(await store.readStream(checkpointStreamId('t'))).toEqual([]);
    expect(await store.readStream(threadStreamId('t'))).toEqual([]);
    expect(await store.readStream(leaseStreamId('t'))).toEqual([]);
    expect(await reads.query('pending_deletions', {})).toEqual([]);
    expect(await live.read('t', -1)).toEqual([]);
    expect(await live.read('other', -1)).toHaveLength(1);
    await live.close();
  });

  it("takes a deleted branch out of its source's fork registry before removing its streams, its own registry included", async () => {
    const store = new SqliteEventStore(':memory:');
    const reads = new SqliteReadStore(':memory:');
    const context = { actor: 'u', correlationId: 'c', causationId: null };
    const registry = new ForkRegistry(store);
    await registry.fork({ sourceThreadId: 'src', branchThreadId: 'b', forkedAt: '2026-01-01T00:00:00.000Z' }, context);
    await store.append(
      threadStreamId('b'),
      [
        envelope('ThreadForked', { threadId: 'b', sourceThreadId: 'src', eventNumber: 1 }),
        envelope('ThreadDeleted', { threadId: 'b', eventNumber: 2 }),
      ],
      'no_stream',
    );
    await registry.made('src', 'b', context);
    await store.append(forksStreamId('b'), [envelope('ForksClosed', { sourceThreadId: 'b' })], 'no_stream');
    await reads.commit([
      {
        subscriber: 'stream-janitor',
        position: 1n,
        changes: [{ table: 'pending_deletions', position: 1n, upsert: { thread_id: 'b', event_number: 2, actor: 'u' } }],
      },
    ]);

    const janitor = new StreamJanitor(store, reads, () => undefined);
    await janitor.resume();
    await janitor.settled('b');

    expect([...(await registry.load('src')).state.branches.keys()]).toEqual([]);
    expect((await store.readStream(forksStreamId('src'))).map((e) => e.type)).toEqual(['BranchForked', 'BranchMade', 'BranchRemoved']);
    expect(await store.readStream(forksStreamId('b'))).toEqual([]);
    expect(await store.readStream(threadStreamId('b'))).toEqual([]);
    await store.close();
  });

  it("refuses the live records of every run the deleted thread's log started, also one that had not written yet", async () => {
    const events = new SqliteEventStore(':memory:');
    const live = new SqliteLiveRecordStore(':memory:');
    const reads = new SqliteReadStore(':memory:');
    const started = (runId: string, eventNumber: number) =>
      envelope('RunStarted', { threadId: 't', runId, replyTo: 'm', mode: 'chat', eventNumber });
    await events.append(
      threadStreamId('t'),
      [started('wrote', 0), started('quiet', 1), envelope('ThreadDeleted', { threadId: 't', eventNumber: 2 })],
      'no_stream',
    );
    await live.append('t', [{ runId: 'wrote', type: 'token_delta', data: { text: 'the answer' } }]);
    const janitor = new StreamJanitor(events, reads, () => undefined, live);
    janitor.afterCommit([{ type: 'ThreadDeleted', data: { threadId: 't', eventNumber: 2 }, actor: 'u' } as never]);
    await janitor.settled('t');
    // Both runs are stopped by the deletion; whatever they still write afterwards (their run_ended) is dropped.
    for (const runId of ['wrote', 'quiet'])
      expect(await live.append('t', [{ runId, type: 'run_ended', data: { status: 'stopped' } }])).toEqual([]);
    expect(await live.read('t', -1)).toEqual([]);
    await Promise.all([live.close(), events.close(), reads.close()]);
  });

  it('a thread created again before the janitor came keeps its stream and its own live records; the old runs go', async () => {
    const events = new SqliteEventStore(':memory:');
    const live = new SqliteLiveRecordStore(':memory:');
    const reads = new SqliteReadStore(':memory:');
    const started = (runId: string, eventNumber: number) =>
      envelope('RunStarted', { threadId: 't', runId, replyTo: 'm', mode: 'chat', eventNumber });
    const log = [
      started('old', 0),
      envelope('ThreadDeleted', { threadId: 't', eventNumber: 1 }),
      envelope('ThreadCreated', { threadId: 't' }),
    ];
    await events.append(threadStreamId('t'), [...log, started('new', 3)], 'no_stream');
    for (const runId of ['old', 'new']) await live.append('t', [{ runId, type: 'token_delta', data: { text: `${runId} answer` } }]);
    const janitor = new StreamJanitor(events, reads, () => undefined, live);
    janitor.afterCommit([{ type: 'ThreadDeleted', data: { threadId: 't', eventNumber: 1 }, actor: 'u' } as never]);
    await janitor.settled('t');
    expect((await live.read('t', -1)).map((r) => r.data.text)).toEqual(['new answer']);
    expect(await live.append('t', [{ runId: 'old', type: 'run_ended', data: { status: 'stopped' } }])).toEqual([]);
    expect(await events.readStream(threadStreamId('t'))).toHaveLength(4);
    await Promise.all([live.close(), events.close(), reads.close()]);
  });
});
