import { ReadStore, RowOf, ThreadView } from '@forkline/read-models';
import { BranchHead, LangGraphBranches } from '../branches/langgraph-branches.service';
import { LangGraphStates, ThreadStateView } from '../state/langgraph-states.service';
import { threadResponse } from './thread-response';
import { LangGraphThreadResponse } from './threads.dto';

/**
 * A copy's answer from what the request read before it forked, instead of reading the new thread back (its family, heads,
 * history segments and status: about ten queries). It holds when the copy is of a branch whose own latest checkpoint is
 * its newest head (one of its own, no fork reference) and inherits no unanswered message:
 * - the copy forks that branch at its head, after every checkpoint read, so the copy's newest head is that checkpoint
 *   (the copy has none of its own: nothing runs in it, and nobody knows its id yet), with the state read at it;
 * - its status is idle (no message pending, no run);
 * - checked after the read models caught up with the copy: the branch's latest checkpoint is still the one read (else a
 *   checkpoint the copy inherits came meanwhile). Otherwise (null) the copy is read back.
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

  /**
   * The answer, once the read models hold the copy (`row`: its langgraph_threads row, as the fork's events make it);
   * null when what was read before no longer holds.
   */
  async answer(row: RowOf<'langgraph_threads'>, readStore: ReadStore): Promise<LangGraphThreadResponse | null> {
    const [branch, state] = await Promise.all([readStore.getThread(this.head.threadId), this.state]);
    if (!state || !sameHead(branch, this.head)) return null;
    return threadResponse(row, state, 'idle');
  }
}

const sameHead = (branch: ThreadView | null, head: BranchHead) => branch?.latest_checkpoint_id === head.storedId;
