import { LiveRecord, RecordedEvent } from '@forkline/event-store';
import { FeedItem } from '../../../infrastructure/thread-feed/feed-cursor';
import { ChatTurn, TurnChunks } from './turn-chunks';

const turn: ChatTurn = {
  conversationId: 'c1',
  threadId: 'c1',
  agentId: 'a1',
  messageId: 'm1',
  taskId: 'run-1',
  replyId: 'reply-1',
  createdAt: 1_700_000_000,
  inputs: { city: 'Paris' },
};
let seq = 0;
const live = (type: LiveRecord['type'], data: Record<string, unknown>, runId = 'run-1'): FeedItem => ({
  kind: 'live',
  record: { threadId: 'c1', seq: seq++, runId, type, data, at: '2026-11-26T20:00:00.000Z' },
});
let number = 1;
const event = (type: string, data: Record<string, unknown>): FeedItem => ({
  kind: 'event',
  eventNumber: number,
  event: { type, data: { threadId: 'c1', eventNumber: number++, ...data } } as unknown as RecordedEvent,
});

describe('TurnChunks', () => {
  it("turns the run's records and events into Dify's chunks, ignoring other runs, and ends with message_end then workflow_finished", () => {
    const chunks = new TurnChunks(turn);
    expect(chunks.started()).toMatchObject({
      event: 'workflow_started',
      task_id: 'run-1',
      data: { workflow_id: 'a1', inputs: { city: 'Paris' } },
    });
    const taken = chunks.take([
      live('node_started', { node: 'model' }),
      live('token_delta', { text: 'other run' }, 'run-0'),
      live('token_delta', { text: 'Hel' }),
      live('token_delta', { text: 'lo' }),
      live('node_finished', { node: 'model', status: 'success', duration_ms: 1500, input_tokens: 3, output_tokens: 2 }),
      event('AssistantMessageAdded', { messageId: 'reply-1', content: 'Hello', runId: 'run-1', replyTo: 'm1' }),
      event('StatRecorded', { runId: 'run-1', statId: 's', mode: 'chat', latencyMs: 2000, inputTokens: 3, outputTokens: 2 }),
      event('RunCompleted', { runId: 'run-1', replyTo: 'm1' }),
      live('token_delta', { text: 'after the end' }),
    ]);
    expect(taken.map((c) => [c.event, (c as { answer?: string }).answer])).toEqual([
      ['node_started', undefined],
      ['message', 'Hel'],
      ['message', 'lo'],
      ['node_finished', undefined],
    ]);
    expect(taken[3]).toMatchObject({
      data: { node_id: 'model', index: 1, status: 'succeeded', elapsed_time: 1.5, execution_metadata: { total_tokens: 5 } },
    });
    expect(chunks.outcome).toEqual({ status: 'succeeded' });
    const [end, finished] = chunks.end(1_700_000_009);
    expect(end).toMatchObject({
      event: 'message_end',
      id: 'reply-1',
      metadata: { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, latency: 2 } },
    });
    expect(finished).toMatchObject({
      event: 'workflow_finished',
      data: { status: 'succeeded', outputs: { answer: 'Hello' }, total_steps: 1, finished_at: 1_700_000_009 },
    });
  });

  it('ends a failed run with workflow_finished(failed) and an error chunk without task_id, and a stopped one on its run_ended', () => {
    const failed = new TurnChunks(turn);
    failed.take([event('RunFailed', { runId: 'run-1', replyTo: 'm1', error: 'model down' })]);
    const [finished, error] = failed.end();
    expect(finished).toMatchObject({ event: 'workflow_finished', data: { status: 'failed', error: 'model down', outputs: null } });
    expect(error).toEqual({
      event: 'error',
      conversation_id: 'c1',
      message_id: 'reply-1',
      created_at: turn.createdAt,
      code: 'completion_request_error',
      status: 400,
      message: 'model down',
    });

    const stopped = new TurnChunks(turn);
    stopped.take([live('token_delta', { text: 'Par' }), event('RunStopped', { runId: 'run-1', replyTo: 'm1' })]);
    expect(stopped.outcome).toBeNull(); // the partial answer is still to come
    stopped.take([
      event('AssistantMessageAdded', { messageId: 'reply-1', content: 'Par', runId: 'run-1', replyTo: 'm1', stopped: true }),
      live('run_ended', { status: 'stopped' }),
    ]);
    expect(stopped.outcome).toEqual({ status: 'stopped' });
    expect(stopped.end().map((c) => c.event)).toEqual(['message_end', 'workflow_finished']);
  });
});
