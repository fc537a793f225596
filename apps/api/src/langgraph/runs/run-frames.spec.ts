import { LiveRecord } from '@forkline/event-store';
import { LgFrame, RunFrames, StreamMode } from './run-frames';
import { fromMessageRow } from './lg-messages';

const run = { runId: 'run-1', threadId: 'thread-1', replyTo: 'human-1', replyId: 'ai-1' };
const human = fromMessageRow({ message_id: 'human-1', role: 'user', content: 'hi' });
const answer = fromMessageRow({ message_id: 'ai-1', role: 'assistant', content: 'Hello there' });
/** The state once each message was in it, as RunValues gives it. */
const valuesAt = async (id: string) => ({ messages: id === 'ai-1' ? [human, answer] : [human] });

const record = (type: LiveRecord['type'], data: Record<string, unknown> = {}) => ({ type, data });
const records = [
  record('run_started', { attempt: 1, reply_to: 'human-1' }),
  record('node_started', { node: 'respond', step: 1 }),
  record('token_delta', { text: 'Hello ' }),
  record('token_delta', { text: 'there' }),
  record('node_finished', { node: 'respond', status: 'success' }),
  record('run_ended', { status: 'completed', message_id: 'ai-1' }),
];

async function framesOf(modes: StreamMode[], list = records): Promise<LgFrame[]> {
  const frames = new RunFrames(run, new Set(modes), valuesAt);
  const out = [frames.metadata()];
  for (const r of list) out.push(...(await frames.of(r)));
  return out;
}

describe('RunFrames: a run’s live records as LangGraph SSE frames', () => {
  it('values + messages-tuple: metadata, the starting state, one tuple per delta under the answer id, the final state', async () => {
    const frames = await framesOf(['values', 'messages-tuple']);
    expect(frames.map((f) => f.event)).toEqual(['metadata', 'values', 'messages', 'messages', 'values']);
    expect(frames[0].data).toEqual({ run_id: 'run-1', thread_id: 'thread-1', attempt: 1 });
    expect(frames[1].data).toEqual({ messages: [human] });
    const tuples = frames
      .filter((f) => f.event === 'messages')
      .map((f) => f.data as [{ id: string; content: string }, Record<string, unknown>]);
    expect(tuples.map(([chunk]) => chunk.id)).toEqual(['ai-1', 'ai-1']);
    expect(tuples.map(([chunk]) => chunk.content).join('')).toBe(answer.content);
    expect(tuples[0][1]).toMatchObject({ langgraph_node: 'respond', langgraph_step: 1, run_id: 'run-1', thread_id: 'thread-1' });
    expect(frames[4].data).toEqual({ messages: [human, answer] });
  });

  it('updates, events and the legacy messages mode each get their own frames', async () => {
    expect((await framesOf(['updates'])).map((f) => f.event)).toEqual(['metadata', 'updates']);
    expect((await framesOf(['updates']))[1].data).toEqual({ respond: { messages: [answer] } });
    const legacy = await framesOf(['messages']);
    expect(legacy.map((f) => f.event)).toEqual([
      'metadata',
      'messages/metadata',
      'messages/partial',
      'messages/partial',
      'messages/complete',
    ]);
    expect((legacy[3].data as Array<{ content: string }>)[0].content).toBe('Hello there');
    const events = (await framesOf(['events'])).slice(1).map((f) => (f.data as { event: string; name: string }).event);
    expect(events).toEqual([
      'on_chain_start',
      'on_chain_start',
      'on_chat_model_stream',
      'on_chat_model_stream',
      'on_chain_end',
      'on_chain_end',
    ]);
  });

  it('a failed run ends with an error frame; a later attempt restarts the text without a second starting state', async () => {
    const failed = await framesOf(['values'], [records[0], record('run_ended', { status: 'failed', error: 'model down' })]);
    expect(failed.map((f) => f.event)).toEqual(['metadata', 'values', 'error']);
    expect(failed[2].data).toEqual({ error: 'RunError', message: 'model down' });
    const retried = await framesOf(['values', 'messages'], [records[0], records[2], records[0], records[2]]);
    const partials = retried.filter((f) => f.event === 'messages/partial').map((f) => (f.data as Array<{ content: string }>)[0].content);
    expect(partials).toEqual(['Hello ', 'Hello ']);
    expect(retried.filter((f) => f.event === 'values')).toHaveLength(1);
  });

  it('a run stopped while queued (no records) ends with the state of its message', async () => {
    const frames = new RunFrames(run, new Set<StreamMode>(['values']), valuesAt);
    expect(await frames.endedWithoutRecord('stopped')).toEqual([{ event: 'values', data: { messages: [human] } }]);
  });

  it('the same records always give the same frames (a replay resumes exactly)', async () => {
    expect(await framesOf(['values', 'messages-tuple', 'events'])).toEqual(await framesOf(['values', 'messages-tuple', 'events']));
  });
});
