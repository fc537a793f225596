/**
 * The workflow platform's execution events (see README "Workflow chat WebSocket and executions"), plus `token`: answer
 * text as it streams, `{text, reset?}`, which that platform's clients ignore (they read the answer from execution_completed).
 */
export type ExecutionEventType =
  'execution_started' | 'node_status' | 'chat_message' | 'execution_completed' | 'execution_failed' | 'execution_cancelled' | 'token';

/** An event before its channel is known: the envelope without `channel`. */
export interface ExecutionEvent {
  type: ExecutionEventType;
  execution_id: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface ActivitySummary {
  total_steps: number;
  total_duration_ms: number;
  total_tokens: number;
  total_cost_usd: number;
  llm_calls: number;
  tool_invocations: number;
}

export const event = (type: ExecutionEventType, executionId: string, timestamp: string, data: Record<string, unknown>): ExecutionEvent => ({
  type,
  execution_id: executionId,
  timestamp,
  // The platform's documentation shows execution_id inside data, its code at the top level: both.
  data: { ...data, execution_id: executionId },
});
