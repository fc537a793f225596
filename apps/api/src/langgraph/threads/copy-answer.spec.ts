import { ReadStore, RowOf, ThreadView } from '@forkline/read-models';
import { BranchHead, LangGraphBranches } from '../branches/langgraph-branches.service';
import { LangGraphStates, ThreadStateView } from '../state/langgraph-states.service';
import { CopyAnswer } from './copy-answer';

const head: BranchHead = { threadId: 'src', storedId: 'k2', checkpointId: 'k2', own: true };
const state = { values: { messages: [] }, created_at: '2026-11-27T10:00:00.000Z' } as unknown as ThreadStateView;
const branches = { streamOf: jest.fn(async () => 'src') } as unknown as LangGraphBranches;
const states = { view: jest.fn(async () => state) } as unknown as LangGraphStates;
const row = { thread_id: 'copy', metadata: '{"k":1}', created_at: 'c', updated_at: 'u' } as RowOf<'langgraph_threads'>;

/** A read store where the source branch's latest checkpoint is `latest`. */
const readStore = (latest: string | null) =>
  ({
    getThread: async (id: string) => (id === 'src' ? ({ thread_id: 'src', latest_checkpoint_id: latest } as ThreadView) : null),
  }) as unknown as ReadStore;

describe('CopyAnswer', () => {
  it('answers from the state read before the fork while the branch still has that latest checkpoint', async () => {
    const early = CopyAnswer.start(['src'], head, 0, 'copy', branches, states)!;
    expect(await early.answer(row, readStore('k2'))).toEqual({
      thread_id: 'copy',
      created_at: 'c',
      updated_at: 'u',
      state_updated_at: state.created_at,
      metadata: { k: 1 },
      status: 'idle',
      values: state.values,
      interrupts: {},
      error: null,
    });
    expect(states.view).toHaveBeenCalledWith('copy', { checkpointId: 'k2', streamThreadId: 'src', parentId: null });
  });

  it('gives up (the copy is read back) when a checkpoint came meanwhile', async () => {
    const early = CopyAnswer.start(['src'], head, 0, 'copy', branches, states)!;
    expect(await early.answer(row, readStore('k3'))).toBeNull();
    expect(await early.answer(row, readStore(null))).toBeNull();
  });

  it('is not tried for an inherited head, a new branch reference, no head, or messages the copy inherits unanswered', () => {
    expect(CopyAnswer.start(['src'], { ...head, own: false }, 0, 'copy', branches, states)).toBeNull();
    expect(CopyAnswer.start(['src'], { ...head, storedId: 'k2-fork' }, 0, 'copy', branches, states)).toBeNull();
    expect(CopyAnswer.start(['src'], null, 0, 'copy', branches, states)).toBeNull();
    expect(CopyAnswer.start(['src'], head, 1, 'copy', branches, states)).toBeNull();
  });
});
