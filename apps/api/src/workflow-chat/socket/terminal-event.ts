import { OwnRun } from '../queries/execution-queries.service';
import { event, ExecutionEvent } from './execution-event';

export const TERMINAL_TYPES = new Set(['execution_completed', 'execution_failed', 'execution_cancelled']);

/**
 * An ended run's terminal event as the `runs` read model (the durable log's projection) holds it: what a socket that
 * subscribes to `execution:<id>` after the run ended receives, so a fast run is never missed. Null while it goes on.
 */
export function terminalEvent(run: OwnRun, answer: string): ExecutionEvent | null {
  const at = run.ended_at ?? run.created_at ?? new Date().toISOString();
  switch (run.status) {
    case 'completed': {
      const tokens = (run.input_tokens ?? 0) + (run.output_tokens ?? 0);
      const duration = run.started_at && run.ended_at ? Math.max(0, Date.parse(run.ended_at) - Date.parse(run.started_at)) : 0;
      const activity_summary = {
        // Steps and tool calls are counted from live records, which a replay does not read.
        total_steps: 0,
        total_duration_ms: duration,
        total_tokens: tokens,
        total_cost_usd: 0,
        llm_calls: run.latency_ms === null ? 0 : 1,
        tool_invocations: 0,
      };
      return event('execution_completed', run.run_id, at, { output: { message: answer }, activity_summary });
    }
    case 'failed':
      return event('execution_failed', run.run_id, at, { error: run.error ?? '' });
    case 'cancelled':
      return event('execution_cancelled', run.run_id, at, {});
    default:
      return null;
  }
}
