import { AppConfig } from '@forkline/platform';
import { StreamSlots } from '../../http/stream-slots';
import { fromMessageRow } from './lg-messages';
import { DEFERRED_START } from './run-frames';
import { RunQueries } from './run-queries';
import { RunSse } from './run-sse';
import { NumberedFrame, RunStream } from './run-stream';
import { RunValues } from './run-values';

const run = { runId: 'run-1', threadId: 'lg-thread', replyTo: 'human-1', replyId: 'ai-1' };
const source = { forklineThreadId: 'thread-1', messageEventNumber: 3, liveAfter: -1 };
const human = fromMessageRow({ message_id: 'human-1', role: 'user', content: 'hi' });
const answer = fromMessageRow({ message_id: 'ai-1', role: 'assistant', content: 'Hello' });

/** RunSse over a stream giving these frames; the state reads it makes and the runs it waits to see settled. */
function sseOver(frames: Array<Omit<NumberedFrame, 'id'>>) {
  const [read, settled]: [string[], string[]] = [[], []];
  const stream = {
    async *frames(_run: unknown, _source: unknown, modes: Set<string>, _after: number, _signal: AbortSignal, deferStart: boolean) {
      expect([...modes]).toEqual(['values']);
      expect(deferStart).toBe(true);
      yield frames.map((f, i) => ({ ...f, id: String(i) }));
    },
  } as unknown as RunStream;
  const runs = { settled: async (runId: string) => void settled.push(runId) } as unknown as RunQueries;
  const values = { upTo: async (_: string, id: string) => (read.push(id), { messages: [human] }) } as unknown as RunValues;
  const sse = new RunSse(stream, runs, values, {} as AppConfig, {} as StreamSlots);
  return { output: () => sse.output(run, source, new AbortController().signal), read, settled };
}

describe('RunSse.output: what wait and join answer', () => {
  const metadata = { event: 'metadata', data: { run_id: 'run-1' } };
  const start = { event: 'values', data: DEFERRED_START };

  it('the state the run left, once the read models show it over; the starting state is never read then', async () => {
    const sse = sseOver([metadata, start, { event: 'values', data: { messages: [human, answer] } }]);
    expect(await sse.output()).toEqual({ messages: [human, answer] });
    expect(sse.read).toEqual([]);
    expect(sse.settled).toEqual(['run-1']);
  });

  it('a failed run answers its error', async () => {
    const error = { error: 'RunError', message: 'model down' };
    expect(await sseOver([metadata, start, { event: 'error', data: error }]).output()).toEqual({ __error__: error });
  });

  it('a stream that stopped after the start (no end seen) answers the starting state, read then; one with no state: {}', async () => {
    const started = sseOver([metadata, start]);
    expect(await started.output()).toEqual({ messages: [human] });
    expect(started.read).toEqual(['human-1']);
    expect(await sseOver([metadata]).output()).toEqual({});
  });
});
