import { liveAnswerOf } from './live-answer';

describe('liveAnswerOf', () => {
  it('joins the deltas of the latest attempt, after its latest reset', () => {
    const r = (type: string, data: Record<string, unknown> = {}) => ({ type, data }) as Parameters<typeof liveAnswerOf>[0][number];
    expect(liveAnswerOf([r('run_started'), r('token_delta', { text: 'Hel' }), r('token_delta', { text: 'lo' })])).toBe('Hello');
    const retried = [r('run_started'), r('token_delta', { text: 'half' }), r('run_started'), r('token_delta', { text: 'whole' })];
    expect(liveAnswerOf(retried)).toBe('whole');
    const reset = [r('run_started'), r('token_delta', { text: 'thinking' }), r('token_delta', { text: '', reset: true })];
    expect(liveAnswerOf([...reset, r('tool_call'), r('token_delta', { text: 'answer' }), r('run_ended')])).toBe('answer');
  });
});
