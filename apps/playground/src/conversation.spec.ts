import { applyFrame, Conversation, emptyConversation, runFor } from './conversation';
import type { Frame } from './thread-stream';

const durable = (n: number, type: string, data: Record<string, unknown>): Frame => ({
  id: `${n}:-1`,
  event: type,
  data: { event_number: n, event_id: `e${n}`, type, data, occurred_at: '2026-11-27T00:00:00Z', actor: 'alice' },
});
const live = (seq: number, type: string, data: Record<string, unknown>): Frame => ({
  id: `2:${seq}`,
  event: type,
  data: { seq, run_id: 'r1', type, data, at: '2026-11-27T00:00:00Z' },
});
const fold = (frames: Frame[]): Conversation => frames.reduce(applyFrame, emptyConversation());

describe('the conversation folded from the thread stream', () => {
  const asked = [durable(0, 'ThreadCreated', {}), durable(1, 'UserMessageAdded', { messageId: 'm1', content: 'Hi' })];
  const started = [
    ...asked,
    durable(2, 'RunStarted', { runId: 'r1', replyTo: 'm1' }),
    live(0, 'run_started', { attempt: 1, reply_to: 'm1' }),
  ];

  it('streams token deltas into the run, dropping text a reset or a retried attempt replaces', () => {
    const c = fold([
      ...started,
      live(1, 'token_delta', { text: 'Hel' }),
      live(2, 'token_delta', { text: 'lo' }),
      live(3, 'tool_call', { name: 'calculator', args: { x: 1 } }),
      live(4, 'token_delta', { text: '', reset: true }),
      live(5, 'token_delta', { text: 'Sum' }),
    ]);
    expect(runFor(c, 'm1')).toMatchObject({ status: 'running', streamed: 'Sum', tools: ['calculator({"x":1})'] });
    const retried = [live(6, 'run_started', { attempt: 2, reply_to: 'm1' }), live(7, 'token_delta', { text: 'A' })].reduce(applyFrame, c);
    expect(runFor(retried, 'm1')).toMatchObject({ streamed: 'A', tools: [] });
  });

  it('takes the durable answer, its stop mark and its usage as the truth', () => {
    const c = fold([
      ...started,
      live(1, 'token_delta', { text: 'Hel' }),
      durable(3, 'RunStopped', { runId: 'r1', replyTo: 'm1' }),
      durable(4, 'AssistantMessageAdded', { messageId: 'a1', content: 'Hel', runId: 'r1', replyTo: 'm1', stopped: true }),
      durable(5, 'StatRecorded', { runId: 'r1', latencyMs: 12, inputTokens: 3, outputTokens: 1 }),
    ]);
    expect(c.messages.map((m) => [m.role, m.content, m.stopped ?? false])).toEqual([
      ['user', 'Hi', false],
      ['assistant', 'Hel', true],
    ]);
    expect(runFor(c, 'm1')).toMatchObject({ status: 'stopped', usage: { inputTokens: 3, outputTokens: 1, latencyMs: 12 } });
    expect(c.lastEventNumber).toBe(5);
  });

  it('remembers the forks a branch descends from, the root first', () => {
    const c = fold([
      ...asked,
      durable(2, 'ThreadForked', { threadId: 'f1', sourceThreadId: 'root', fromEventNumber: 1 }),
      durable(3, 'ThreadForked', { threadId: 'f2', sourceThreadId: 'f1', fromEventNumber: 2 }),
    ]);
    expect(c.ancestors).toEqual([
      { threadId: 'f1', sourceThreadId: 'root', fromEventNumber: 1 },
      { threadId: 'f2', sourceThreadId: 'f1', fromEventNumber: 2 },
    ]);
  });

  it('records a failed run with its error, and a cleared history empties the conversation', () => {
    const failed = fold([...started, durable(3, 'RunFailed', { runId: 'r1', replyTo: 'm1', error: 'model down' })]);
    expect(runFor(failed, 'm1')).toMatchObject({ status: 'failed', error: 'model down' });
    expect(applyFrame(failed, durable(4, 'HistoryCleared', {})).messages).toEqual([]);
  });
});
