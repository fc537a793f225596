import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { ForkResult } from '@forkline/event-store';
import { ReadStore, RowOf } from '@forkline/read-models';
import { LangGraphStates } from '../state/langgraph-states.service';
import { threadResponse } from './thread-response';
import { LangGraphThreadResponse } from './threads.dto';

/**
 * A copy's answer from the rows of the branch it forked, once the read models hold the copy (`row`: its langgraph_threads
 * row, as the fork's events make it), instead of reading the new thread back (its family, heads, history segments and
 * status: about ten queries). It holds when the branch's own latest checkpoint is one of its own (no fork reference: its
 * id is the one clients see) at or before the fork point, and the copy inherits no unanswered message:
 * - the copy has no checkpoint of its own (nothing runs in it, and nobody knows its id yet): its newest head is the
 *   latest one it inherits, that checkpoint, with the state there;
 * - its status is idle (no message pending, no run).
 * Otherwise (null: a turn came after the fork, the branch has no checkpoint, ...) the copy is read back.
 * The latest checkpoint is the branch's heads row's (null after a history clear, as the copy's read back would see); its
 * link comes from the checkpointer's index of the branch, which reading the state there brings up to date anyway (an
 * index older than the heads row lacks the checkpoint: the copy is read back).
 */
export async function copyAnswer(
  row: RowOf<'langgraph_threads'>,
  fork: ForkResult,
  branchThreadId: string,
  readStore: ReadStore,
  checkpointer: Pick<EventSourcedCheckpointSaver, 'ownLink'>,
  states: LangGraphStates,
): Promise<LangGraphThreadResponse | null> {
  if (fork.unanswered > 0) return null;
  const [head] = await readStore.query('heads', { thread_id: branchThreadId }, { columns: ['latest_checkpoint_id'], limit: 1 });
  const latest = head?.latest_checkpoint_id;
  if (!latest) return null;
  const link = await checkpointer.ownLink(branchThreadId, latest);
  if (!link || link.source || link.threadEventNumber === null || link.threadEventNumber > fork.fromEventNumber) return null;
  // The answer shows the values and time of the state, not its parent: no need to resolve that.
  const state = await states.view(row.thread_id, { checkpointId: latest, streamThreadId: branchThreadId, parentId: null });
  return threadResponse(row, state, 'idle');
}
