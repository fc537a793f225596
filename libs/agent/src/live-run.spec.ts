import { LiveRecord, SqliteLiveRecordStore } from '@forkline/event-store';
import { LiveRun, LiveRunInfo, TOOL_OUTPUT_CHARS } from './live-run';

const info: LiveRunInfo = { threadId: 't', runId: 'r', mode: 'chat', replyTo: 'm' };
const shape = (records: LiveRecord[]) => records.map((r) => (r.type === 'token_delta' ? `delta:${r.data.text}` : r.type));

describe('LiveRun', () => {
  let store: SqliteLiveRecordStore;
  beforeEach(() => {
    store = new SqliteLiveRecordStore(':memory:');
  });
  afterEach(async () => {
    jest.useRealTimers();
    // Writes a test did not wait for (they are made at the end of the macrotask) land before the store closes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.close();
  });

  it('stores its records in the order emitted, with answer text flushed at every node boundary and at the end', async () => {
    const live = new LiveRun(store, { ...info, agentId: 'a', agentVersion: 3 }, { batchMs: 60_000 });
    expect(await live.attemptStarted()).toBe(1);
    live.nodeStarted('respond');
    live.answerStarted();
    for (const token of ['Hel', 'lo ', 'there']) live.delta(token);
    live.nodeFinished('respond', 'success', 12, { input: 3, output: 2 });
    live.nodeStarted('tools', 2);
    live.toolCall('c1', 'calculator', { expression: '1+1' });
    live.toolResult('c1', 'calculator', '2');
    live.delta('!');
    await live.ended('completed', { messageId: 'reply' });
    const records = await store.read('t', -1);
    expect(shape(records)).toEqual([
      'run_started',
      'node_started',
      'delta:Hello there',
      'node_finished',
      'node_started',
      'tool_call',
      'tool_result',
      'delta:!',
      'run_ended',
    ]);
    expect(records.map((r) => r.data)).toEqual([
      { agent_id: 'a', agent_version: 3, attempt: 1, mode: 'chat', reply_to: 'm' },
      { node: 'respond' },
      { text: 'Hello there' },
      { node: 'respond', status: 'success', duration_ms: 12, input_tokens: 3, output_tokens: 2 },
      { node: 'tools', step: 2 },
      { tool_call_id: 'c1', name: 'calculator', args: { expression: '1+1' } },
      { tool_call_id: 'c1', name: 'calculator', output: '2' },
      { text: '!' },
      { status: 'completed', message_id: 'reply' },
    ]);
  });

  it('writes at most one token_delta per batch interval', async () => {
    // The batch interval is faked; the end of a macrotask is not, nor the microtask the store's group commit flushes on.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'queueMicrotask'] });
    const live = new LiveRun(store, info, { batchMs: 50 });
    live.delta('a');
    jest.advanceTimersByTime(20);
    live.delta('b');
    jest.advanceTimersByTime(30);
    live.delta('c');
    jest.advanceTimersByTime(49);
    await live.flush();
    expect(shape(await store.read('t', -1))).toEqual(['delta:ab', 'delta:c']);
    live.delta('d');
    jest.advanceTimersByTime(49);
    live.delta('e');
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    live.delta('f');
    await live.flush();
    expect(shape(await store.read('t', -1))).toEqual(['delta:ab', 'delta:c', 'delta:de', 'delta:f']);
  });

  it('stores the records emitted within one macrotask in one append, and the next ones in the next', async () => {
    const appends = jest.spyOn(store, 'append');
    const live = new LiveRun(store, info, { batchMs: 60_000 });
    await live.attemptStarted();
    live.nodeStarted('respond');
    await Promise.resolve(); // microtasks of the same macrotask: still one batch
    live.delta('Hi');
    live.nodeFinished('respond', 'success', 1);
    await new Promise((resolve) => setImmediate(resolve));
    live.nodeStarted('record');
    await live.ended('completed');
    expect(appends.mock.calls.map(([, records]) => records.map((r) => r.type))).toEqual([
      ['run_started', 'node_started', 'token_delta', 'node_finished'],
      ['node_started', 'run_ended'],
    ]);
  });

  it('says when a new visible stream replaces the answer streamed so far (a React round that called tools)', async () => {
    const live = new LiveRun(store, info, { batchMs: 60_000 });
    live.answerStarted();
    live.delta('let me compute');
    await live.flush();
    live.answerStarted();
    live.delta('4');
    live.answerStarted(); // '4' was never sent: dropped without a reset
    live.delta('42');
    await live.flush();
    const records = await store.read('t', -1);
    expect(records.map((r) => r.data)).toEqual([{ text: 'let me compute' }, { text: '', reset: true }, { text: '42' }]);
  });

  it('logs a failed write and keeps going: the run never fails for its live records', async () => {
    const logs: string[] = [];
    const live = new LiveRun(store, info, { batchMs: 60_000, log: (m) => logs.push(m) });
    jest.spyOn(store, 'append').mockRejectedValueOnce(new Error('disk full'));
    live.nodeStarted('respond');
    await live.flush();
    live.nodeFinished('respond', 'success', 1);
    await live.ended('completed');
    expect(logs).toEqual(['agent: run r: 1 live records not stored: Error: disk full']);
    expect(shape(await store.read('t', -1))).toEqual(['node_finished', 'run_ended']);
  });

  it("numbers attempts after the run's stored ones, paging back past long answers, and counts retries in this process", async () => {
    await store.append('t', [{ runId: 'earlier', type: 'run_started', data: { attempt: 1 } }]);
    await store.append('t', [{ runId: 'r', type: 'run_started', data: { attempt: 1 } }]);
    const deltas = Array.from({ length: 1200 }, (_, i) => ({ runId: 'r', type: 'token_delta' as const, data: { text: `${i}` } }));
    await store.append('t', deltas);
    const restarted = new LiveRun(store, info);
    expect(await restarted.attemptStarted()).toBe(2);
    expect(await restarted.attemptStarted()).toBe(3);
    // Each run's attempt record is written at the end of the macrotask: flushed before the store moves on or closes.
    const started = async (run: LiveRun) => {
      const attempt = await run.attemptStarted();
      await run.flush();
      return attempt;
    };
    await restarted.flush();
    expect(await started(new LiveRun(store, { ...info, runId: 'next' }))).toBe(1);
    expect(await started(new LiveRun(store, { ...info, threadId: 'fresh' }))).toBe(1);
    await store.expire(0, new Date(Date.now() + 60_000));
    expect(await started(new LiveRun(store, { ...info, runId: 'after-expiry' }))).toBe(1);
  });

  it('a run started just now (fresh) numbers its attempts from 1 without reading the store', async () => {
    const reads = jest.spyOn(store, 'readLatest');
    const fresh = new LiveRun(store, info, { fresh: true });
    expect(await fresh.attemptStarted()).toBe(1);
    expect(await fresh.attemptStarted()).toBe(2);
    await fresh.flush();
    expect(reads).not.toHaveBeenCalled();
    // Without it, the store is read: the records just written make a new executor's first attempt the third.
    expect(await new LiveRun(store, info).attemptStarted()).toBe(3);
    expect(reads).toHaveBeenCalled();
  });

  it('writes nothing without a store', async () => {
    const live = new LiveRun(undefined, info);
    expect(await live.attemptStarted()).toBe(1);
    live.delta('x');
    await live.ended('completed');
  });

  it("cuts a tool's output at TOOL_OUTPUT_CHARS and says so; a short one is stored whole", async () => {
    const live = new LiveRun(store, info, { batchMs: 60_000 });
    live.toolResult('c1', 'lookup_documents', 'x'.repeat(TOOL_OUTPUT_CHARS + 1));
    live.toolResult('c2', 'calculator', '42');
    await live.flush();
    const [long, short] = (await store.read('t', -1)).map((r) => r.data);
    expect(long).toEqual({ tool_call_id: 'c1', name: 'lookup_documents', output: 'x'.repeat(TOOL_OUTPUT_CHARS), truncated: true });
    expect(short).toEqual({ tool_call_id: 'c2', name: 'calculator', output: '42' });
  });
});
