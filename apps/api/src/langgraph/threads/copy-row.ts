import { ForkResult } from '@forkline/event-store';
import { RowOf } from '@forkline/read-models';

/**
 * A LangGraph copy's langgraph_threads row as its events make it (see langgraph-threads.projector): a thread of its own
 * with the source's metadata (set with its ThreadForked only when there is some), created and updated when those occurred.
 * The copy answers with it once the read models hold the copy, instead of reading the row back.
 */
export function copyRow(userId: string, fork: ForkResult, metadata: Record<string, unknown>): RowOf<'langgraph_threads'> {
  return {
    thread_id: fork.newThreadId,
    owner_id: userId,
    branch_of: '',
    branch_checkpoint_id: null,
    metadata: Object.keys(metadata).length === 0 ? '{}' : JSON.stringify(metadata),
    created_at: fork.occurredAt.forked,
    updated_at: fork.occurredAt.last,
  };
}
