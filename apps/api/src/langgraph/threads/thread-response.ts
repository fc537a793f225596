import { RowOf } from '@forkline/read-models';
import { ThreadStateView } from '../state/langgraph-states.service';
import { LangGraphCopyResponse, LangGraphThreadResponse } from './threads.dto';

/** A thread as the SDK's `Thread`: its row, the state at its newest head and its status. */
export function threadResponse(
  row: RowOf<'langgraph_threads'>,
  state: Pick<ThreadStateView, 'values' | 'created_at'>,
  status: string,
): LangGraphThreadResponse {
  return {
    thread_id: row.thread_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    state_updated_at: state.created_at ?? row.updated_at,
    metadata: JSON.parse(row.metadata),
    status,
    values: state.values,
    interrupts: {},
    error: null,
  };
}

/** A copy's answer, as LangGraph's server gives it: the new thread's row (`config` and `interrupts` empty), no state. */
export function copyResponse(row: RowOf<'langgraph_threads'>, status: string): LangGraphCopyResponse {
  const { thread_id, created_at, updated_at } = row;
  return { thread_id, created_at, updated_at, metadata: JSON.parse(row.metadata), status, config: {}, interrupts: {} };
}
