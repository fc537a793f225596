import { ReadStore, ThreadView } from '@forkline/read-models';
import { BranchHead, LangGraphBranches } from '../branches/langgraph-branches.service';
import { LangGraphStates, ThreadStateView } from '../state/langgraph-states.service';
import { LangGraphThreadResponse } from './threads.dto';

/**
 * A copy's answer from what the request read before it forked, instead of reading the new thread back (its family, heads,
 * history segments and status: about ten queries). It holds when the copy is of a branch whose own latest checkpoint is
 * its newest head (one of its own, no fork reference) and inherits no unanswered message:
 * - the copy forks that branch at its head, after every checkpoint read, so the copy's newest head is that checkpoint
 *   (the copy has none of its own: nothing runs in it, and nobody knows its id yet), with the state read at it;
 * - its status is idle (no message pending, no run);
 * - checked after the read models caught up with the copy: the branch's latest checkpoint is still the one read (else a
 *   checkpoint the copy inherits came meanwhile) and the copy's row is there. Otherwise (null) the copy is read back.
 */
export class CopyAnswer {
  private constructor(
    private readonly head: BranchHead,
    private readonly state: Promise<ThreadStateView | null>,
  ) {}

  /** Starts reading the state (while the read models catch up); null when the copy must be read back. */
  static start(
    family: string[],
    head: BranchHead | null,
    unanswered: number,
    copyId: string,
    branches: LangGraphBranches,
    states: LangGraphStates,
  ): CopyAnswer | null {
    if (head === null || !head.own || head.storedId !== head.checkpointId || unanswered > 0) return null;
    // The answer shows the values and time of the state, not its parent: no need to resolve that.
    const state = branches.streamOf(family, head.checkpointId).then(
      (streamThreadId) => states.view(copyId, { checkpointId: head.checkpointId, streamThreadId, parentId: null }),
      () => null, // answered by reading the copy back, which reports what is wrong
    );
    return new CopyAnswer(head, state);
  }

  /** The answer, once the read models hold the copy; null when what was read before no longer holds. */
  async answer(userId: string, copyId: string, readStore: ReadStore): Promise<LangGraphThreadResponse | null> {
    const [[row], branch, state] = await Promise.all([
      readStore.query('langgraph_threads', { thread_id: copyId, owner_id: userId, branch_of: '' }, { limit: 1 }),
      readStore.getThread(this.head.threadId),
      this.state,
    ]);
    if (!row || !state || !sameHead(branch, this.head)) return null;
    return {
      thread_id: row.thread_id,
      created_at: row.created_at,
      updated_at: row.updated_at,
      state_updated_at: state.created_at ?? row.updated_at,
      metadata: JSON.parse(row.metadata),
      status: 'idle',
      values: state.values,
      interrupts: {},
      error: null,
    };
  }
}

const sameHead = (branch: ThreadView | null, head: BranchHead) => branch?.latest_checkpoint_id === head.storedId;
