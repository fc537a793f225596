import { runIdFor } from '@forkline/domain';
import { LiveRecord, RecordedEvent } from '@forkline/event-store';
import { FeedItem } from '../../infrastructure/thread-feed/feed-cursor';
import { ExecutionEvents } from './execution-events';

const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number) => new Date(T0 + ms).toISOString();
let seq = 0;
const live = (runId: string, type: LiveRecord['type'], data: Record<string, unknown>, ms = 0): FeedItem => ({
  kind: 'live',
  record: { threadId: 't', runId, type, data, seq: seq++, at: at(ms) },
});
const durable = (type: string, data: Record<string, unknown>, ms = 0): FeedItem => ({
  kind: 'event',
  eventNumber: Number(data.eventNumber),
  event: { type, data: { threadId: 't', ...data }, metadata: { occurredAt: at(ms) } } as unknown as RecordedEvent,
});

describe('ExecutionEvents', () => {
  const run = runIdFor('t', 'm1');

  it('turns a run into execution_started, node_status, token and execution_completed with its answer and activity', async () => {
    const events = new ExecutionEvents('t', 'g1', async () => 'never asked');
    const out = await events.translate([
      durable('UserMessageAdded', { messageId: 'm1', content: 'hi', eventNumber: 1 }),
      durable('RunStarted', { runId: run, replyTo: 'm1', mode: 'react', eventNumber: 2 }, 0),
      live(run, 'run_started', { attempt: 1 }),
      live(run, 'node_started', { node: 'model' }),
      live(run, 'token_delta', { text: 'He' }),
      live(run, 'node_finished', { node: 'model', status: 'success', duration_ms: 12, input_tokens: 3, output_tokens: 4 }),
      live(run, 'tool_call', { tool_call_id: 'c1', name: 'calculator', args: {} }),
      live(run, 'tool_result', { tool_call_id: 'c1', name: 'calculator', output: '4' }),
      durable('LogRecorded', { runId: run, logId: 'l', level: 'info', message: 'Step 1: add', step: 'step-1', eventNumber: 3 }),
      durable('AssistantMessageAdded', { messageId: 'a1', content: 'Hello', runId: run, replyTo: 'm1', eventNumber: 4 }),
      durable('StatRecorded', { runId: run, statId: 's', mode: 'react', latencyMs: 5, inputTokens: 3, outputTokens: 4, eventNumber: 5 }),
      durable('RunCompleted', { runId: run, replyTo: 'm1', eventNumber: 6 }, 250),
      live(run, 'run_ended', { status: 'completed' }),
    ]);
    expect(out.map((e) => [e.type, e.data.status ?? null])).toEqual([
      ['execution_started', null],
      ['node_status', 'running'],
      ['token', null],
      ['node_status', 'success'],
      ['node_status', 'running'],
      ['node_status', 'success'],
      ['chat_message', null],
      ['execution_completed', null],
    ]);
    expect(out.every((e) => e.execution_id === run && e.data.execution_id === run)).toBe(true);
    expect(out[0].data).toEqual({ workflow_id: 'g1', execution_id: run });
    expect(out[3].data).toMatchObject({ duration_ms: 12, token_usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 } });
    expect(out[4].data).toMatchObject({ tool_name: 'calculator', is_tool_call: true });
    expect(out[6].data).toMatchObject({ text: 'Step 1: add', node_id: 'step-1' });
    expect(out[7].data).toEqual({
      execution_id: run,
      output: { message: 'Hello' },
      activity_summary: { total_steps: 1, total_duration_ms: 250, total_tokens: 7, total_cost_usd: 0, llm_calls: 1, tool_invocations: 1 },
    });
  });

  it('asks for the answer when its message came before the follower started', async () => {
    const asked: string[] = [];
    const events = new ExecutionEvents('t', 'g1', async (thread, runId) => (asked.push(`${thread}/${runId}`), 'stored answer'));
    const [completed] = await events.translate([durable('RunCompleted', { runId: 'legacy', replyTo: 'm1', eventNumber: 6 })]);
    expect(completed.data.output).toEqual({ message: 'stored answer' });
    expect(asked).toEqual([`t/${run}`]);
  });

  it('cancels on a stop (no run id yet) and on the deletion of a pending message, once, and says nothing after the end', async () => {
    const events = new ExecutionEvents('t', 'g1', async () => '');
    const m2 = runIdFor('t', 'm2');
    const out = await events.translate([
      durable('UserMessageAdded', { messageId: 'm1', content: 'a', eventNumber: 1 }),
      durable('UserMessageAdded', { messageId: 'm2', content: 'b', eventNumber: 2 }),
      durable('RunStopped', { runId: null, replyTo: 'm1', eventNumber: 3 }),
      live(run, 'token_delta', { text: 'late' }),
      durable('MessageDeleted', { messageId: 'm2', eventNumber: 4 }),
      durable('MessageDeleted', { messageId: 'm2', eventNumber: 5 }),
      durable('MessageDeleted', { messageId: 'some-answer', eventNumber: 6 }),
      durable('RunFailed', { runId: 'r3', replyTo: 'm3', error: 'boom', eventNumber: 7 }),
    ]);
    expect(out.map((e) => [e.type, e.execution_id, e.data])).toEqual([
      ['execution_cancelled', run, { execution_id: run }],
      ['execution_cancelled', m2, { execution_id: m2 }],
      ['execution_failed', runIdFor('t', 'm3'), { error: 'boom', execution_id: runIdFor('t', 'm3') }],
    ]);
  });
});
