import { LiveRecord } from './live-records.port';

/**
 * The answer text a follower assembles from a run's live records: the token deltas since the latest attempt start
 * (`run_started`) or reset (a react round that ended in tool calls streamed text that is not part of the answer).
 */
export function liveAnswerOf(records: readonly Pick<LiveRecord, 'type' | 'data'>[]): string {
  let text = '';
  for (const r of records) {
    if (r.type === 'run_started' || (r.type === 'token_delta' && r.data.reset)) text = '';
    if (r.type === 'token_delta') text += String(r.data.text ?? '');
  }
  return text;
}
