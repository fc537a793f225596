import { LiveRecord, LiveRecordStore } from '@forkline/event-store';
import { ProjectedEvent, RowOf } from '@forkline/read-models';
import { ThreadFeed } from '../../infrastructure/thread-feed/thread-feed';
import { fromMessageRow } from './lg-messages';
import { RunOutcome } from './run-outcome';
import { RunQueries } from './run-queries';
import { RunValues } from './run-values';

const run = { runId: 'run-1', threadId: 'lg-thread', replyTo: 'human-1', replyId: 'ai-1' };
const source = { forklineThreadId: 'thread-1', messageEventNumber: 3, liveAfter: -1 };
const human = fromMessageRow({ message_id: 'human-1', role: 'user', content: 'hi' });
const answer = fromMessageRow({ message_id: 'ai-1', role: 'assistant', content: 'Hello' });
const now = () => new Date().toISOString();

type Row = Partial<RowOf<'runs'>>;
let seq = 0;
const record = (type: LiveRecord['type'], data: Record<string, unknown> = {}, runId = 'run-1'): LiveRecord => ({
  threadId: 'thread-1',
  runId,
  type,
  data,
  seq: seq++,
  at: now(),
});
const committed = (type: string, data: Record<string, unknown>) => ({ type, data: { threadId: 'thread-1', ...data } }) as ProjectedEvent;

/**
 * RunOutcome over: read models whose run row is each of `rows` in turn (the last one stays), live records `kept` now and
 * `later` (what following them gives); `commit` hands events to its listener as the projections would.
 */
function outcomeOver(rows: Array<Row | undefined>, kept: LiveRecord[], later: LiveRecord[] = []) {
  let listener: ((e: ProjectedEvent) => void) | undefined;
  const looks: number[] = [];
  const feed = {
    onCommit: (_: string, l: (e: ProjectedEvent) => void) => ((listener = l), () => (listener = undefined)),
  } as unknown as ThreadFeed;
  const runs = { find: async () => (looks.push(1), rows.length > 1 ? rows.shift() : rows[0]) } as unknown as RunQueries;
  const values = {
    upTo: async (_: string, id: string) => ({ messages: id === 'ai-1' ? [human, answer] : [human] }),
  } as unknown as RunValues;
  const [followed, reads]: [number[], number[]] = [[], []];
  const live = {
    read: async (_: string, after: number) => (reads.push(after), kept.filter((r) => r.seq > after)),
    async *follow(_: string, after: number) {
      followed.push(after);
      yield later;
    },
  } as unknown as LiveRecordStore;
  const outcome = new RunOutcome(feed, runs, values, live);
  const commit = (e: ProjectedEvent) => listener?.(e);
  return { outcome, commit, looks, followed, reads, listening: () => listener !== undefined };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RunOutcome: what wait and join answer, without following the thread’s feed', () => {
  const running: Row = { status: 'running', started_at: now() };
  const completed: Row = { status: 'completed', started_at: now(), ended_at: now() };

  it('waits for the read models to show the run over, looking again only after a commit that can end it', async () => {
    const kept = [
      record('run_started'),
      record('token_delta', { text: 'Hello' }),
      record('run_ended', { status: 'completed', message_id: 'ai-1' }),
    ];
    const over = outcomeOver([running, completed], kept);
    const output = over.outcome.of(run, source, new AbortController().signal);
    await tick();
    over.commit(committed('RunStarted', { replyTo: 'human-1' }));
    over.commit(committed('RunCompleted', { replyTo: 'another-message' }));
    await tick();
    expect(over.looks).toHaveLength(1);
    over.commit(committed('RunCompleted', { replyTo: 'human-1' }));
    expect(await output).toEqual({ messages: [human, answer] });
    // Its RunCompleted says how its row reads now: completed. It is not read again.
    expect(over.looks).toHaveLength(1);
    expect(over.listening()).toBe(false);
    // A completed run's record names the answer its durable end does: it is not read.
    expect([over.reads, over.followed]).toEqual([[], []]);
  });

  it('looks at the row again when another end came with (or before) the RunCompleted: the thread deleted, the run gone', async () => {
    const over = outcomeOver([running, undefined], []);
    const output = over.outcome.of(run, source, new AbortController().signal);
    await tick();
    over.commit(committed('RunCompleted', { replyTo: 'human-1' }));
    over.commit(committed('ThreadDeleted', {}));
    expect(await output).toEqual({});
    expect(over.looks).toHaveLength(2);
    const stopped = outcomeOver([running, { status: 'cancelled', ended_at: now() }], []);
    const first = stopped.outcome.of(run, source, new AbortController().signal);
    await tick();
    stopped.commit(committed('RunStopped', { replyTo: 'human-1' }));
    stopped.commit(committed('RunCompleted', { replyTo: 'human-1' }));
    expect(await first).toEqual({ messages: [human] });
    expect(stopped.looks).toHaveLength(2);
  });

  it('a failed run answers its error; other runs’ records are not its', async () => {
    const kept = [
      record('run_ended', { status: 'completed' }, 'other-run'),
      record('run_ended', { status: 'failed', error: 'model down' }),
    ];
    const output = await outcomeOver([{ ...completed, status: 'failed' }], kept).outcome.of(run, source, new AbortController().signal);
    expect(output).toEqual({ __error__: { error: 'RunError', message: 'model down' } });
  });

  it('a run stopped while queued (no records, never started) ends at its durable end: the state of its message', async () => {
    const over = outcomeOver([{ status: 'cancelled', ended_at: now() }], []);
    expect(await over.outcome.of(run, source, new AbortController().signal)).toEqual({ messages: [human] });
    expect(over.followed).toEqual([]);
  });

  it('a stopped run whose last record (naming its partial answer) is still on its way: followed from the last record looked at', async () => {
    const kept = [record('run_started')];
    const over = outcomeOver([{ ...completed, status: 'cancelled' }], kept, [
      record('run_ended', { status: 'stopped', message_id: 'ai-1' }),
    ]);
    expect(await over.outcome.of(run, source, new AbortController().signal)).toEqual({ messages: [human, answer] });
    expect(over.followed).toEqual([kept[0].seq]);
  });

  it('a run whose records expired long ago ends at its durable end, without waiting', async () => {
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    const over = outcomeOver([{ status: 'cancelled', started_at: longAgo, ended_at: longAgo }], []);
    expect(await over.outcome.of(run, source, new AbortController().signal)).toEqual({ messages: [human] });
    expect(over.followed).toEqual([]);
  });

  it('gone with its thread: the state it started from if it had started, else nothing; a caller who left gets nothing', async () => {
    expect(await outcomeOver([undefined], [record('run_started')]).outcome.of(run, source, new AbortController().signal)).toEqual({
      messages: [human],
    });
    expect(await outcomeOver([undefined], []).outcome.of(run, source, new AbortController().signal)).toEqual({});
    const left = new AbortController();
    const over = outcomeOver([running], []);
    const output = over.outcome.of(run, source, left.signal);
    await tick();
    left.abort();
    expect(await output).toEqual({});
    expect(over.listening()).toBe(false);
  });
});
