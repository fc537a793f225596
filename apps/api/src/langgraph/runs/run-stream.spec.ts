import { LiveRecord, LiveRecordStore, RecordedEvent } from '@forkline/event-store';
import { FeedItem } from '../../infrastructure/thread-feed/feed-cursor';
import { ThreadFeed } from '../../infrastructure/thread-feed/thread-feed';
import { fromMessageRow } from './lg-messages';
import { RunStream } from './run-stream';
import { RunValues } from './run-values';

const run = { runId: 'run-1', threadId: 'lg-thread', replyTo: 'human-1', replyId: 'ai-1' };
const source = { forklineThreadId: 'thread-1', messageEventNumber: 3, liveAfter: -1 };
const human = fromMessageRow({ message_id: 'human-1', role: 'user', content: 'hi' });
const answer = fromMessageRow({ message_id: 'ai-1', role: 'assistant', content: 'Hello' });
/** The event numbers the stream gave with each state it asked for. */
const known: Array<[string, number | undefined]> = [];
const values = {
  upTo: async (_: string, id: string, eventNumber?: number) => (
    known.push([id, eventNumber]),
    { messages: id === 'ai-1' ? [human, answer] : [human] }
  ),
} as unknown as RunValues;

let seq = 0;
/** Reads of the live record store (the feed gives the records; the store is asked only whether a run has any). */
let storeReads = 0;
const live = (runId: string, type: LiveRecord['type'], data: Record<string, unknown> = {}): FeedItem => ({
  kind: 'live',
  record: { threadId: 'thread-1', runId, type, data, seq: seq++, at: new Date().toISOString() },
});
const event = (type: string, data: Record<string, unknown>, occurredAt = new Date().toISOString()): FeedItem => ({
  kind: 'event',
  eventNumber: 4,
  event: {
    eventId: type,
    type,
    data: { threadId: 'thread-1', ...data },
    streamId: 'thread-thread-1',
    revision: 4,
    position: 0 as never,
    metadata: { actor: 'agent', occurredAt, correlationId: 'c', causationId: null, schemaVersion: 1 },
  } as RecordedEvent,
});

/** A feed that hands over these batches, then follows (waits) until the subscriber stops; live records as the store keeps them. */
function streamOver(batches: FeedItem[][], kept: FeedItem[] = batches.flat()) {
  const feed = {
    async *subscribe(_: string, __: unknown, signal: AbortSignal) {
      for (const batch of batches) yield batch;
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    },
  } as unknown as ThreadFeed;
  const records = kept.flatMap((i) => (i.kind === 'live' ? [i.record] : []));
  const store = { read: async () => (storeReads++, records) } as unknown as LiveRecordStore;
  return new RunStream(feed, values, store);
}

async function framesOf(stream: RunStream, after = -1) {
  const out: Array<{ id: string; event: string }> = [];
  for await (const frames of stream.frames(run, source, new Set(['values', 'messages-tuple']), after, new AbortController().signal))
    out.push(...frames.map(({ id, event }) => ({ id, event })));
  return out;
}

describe('RunStream: a run’s frames from its thread’s feed', () => {
  const ran = [
    [event('RunStarted', { replyTo: 'human-1' }), live('run-1', 'run_started'), live('other-run', 'token_delta', { text: 'x' })],
    [live('run-1', 'token_delta', { text: 'Hel' }), live('run-1', 'token_delta', { text: 'lo' })],
    [event('RunCompleted', { replyTo: 'human-1' }), live('run-1', 'run_ended', { status: 'completed', message_id: 'ai-1' })],
  ];

  it('numbers the run’s frames from 0, skips other runs’ records, ends with its last record; resumes exactly after any id', async () => {
    const all = await framesOf(streamOver(ran));
    expect(all).toEqual([
      { id: '0', event: 'metadata' },
      { id: '1', event: 'values' },
      { id: '2', event: 'messages' },
      { id: '3', event: 'messages' },
      { id: '4', event: 'values' },
    ]);
    for (const after of [0, 2, 4]) expect(await framesOf(streamOver(ran), after)).toEqual(all.slice(after + 1));
  });

  it('a run stopped while queued has no records: it ends at its durable end', async () => {
    expect(await framesOf(streamOver([[event('RunStopped', { replyTo: 'human-1', runId: null })]]))).toEqual([
      { id: '0', event: 'metadata' },
      { id: '1', event: 'values' },
    ]);
  });

  it('a run that just ended waits for its last records; one that ended long ago (records expired) ends at once', async () => {
    const lateRecords = [
      [event('RunStarted', { replyTo: 'human-1' }), event('RunCompleted', { replyTo: 'human-1' })],
      ...ran.slice(0, 2),
      [ran[2][1]],
    ];
    expect(await framesOf(streamOver(lateRecords, []))).toHaveLength(5);
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    const expired = [[event('RunStarted', { replyTo: 'human-1' }, longAgo), event('RunCompleted', { replyTo: 'human-1' }, longAgo)]];
    expect(await framesOf(streamOver(expired))).toEqual([
      { id: '0', event: 'metadata' },
      { id: '1', event: 'values' },
    ]);
  });

  it('asks for the state the run starts from with its message’s event number (no lookup of its row), the answer’s without', async () => {
    known.length = 0;
    await framesOf(streamOver(ran));
    expect(known).toEqual([
      ['human-1', 3],
      ['ai-1', undefined],
    ]);
  });

  it('a run whose records were seen waits for its last one without asking the store whether it has any', async () => {
    const endFirst = [ran[0], ran[1], [ran[2][0]], [ran[2][1]]];
    storeReads = 0;
    expect(await framesOf(streamOver(endFirst))).toEqual(await framesOf(streamOver(ran)));
    expect(storeReads).toBe(0);
  });
});
