import { RowOf } from '@forkline/read-models';
import { ThreadStateView } from '../state/langgraph-states.service';
import { LangGraphThreadResponse } from './threads.dto';

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
