import { CheckpointLink } from '@forkline/agent';
import { ForkResult } from '@forkline/event-store';
import { ReadStore, RowOf } from '@forkline/read-models';
import { LangGraphStates, ThreadStateView } from '../state/langgraph-states.service';
import { copyAnswer } from './copy-answer';

const state = { values: { messages: [] }, created_at: '2026-11-27T10:00:00.000Z' } as unknown as ThreadStateView;
const states = { view: jest.fn(async () => state) } as unknown as LangGraphStates;
const row = { thread_id: 'copy', metadata: '{"k":1}', created_at: 'c', updated_at: 'u' } as RowOf<'langgraph_threads'>;
/** The copy forked its source at event 7, inheriting nothing unanswered. */
const fork = { newThreadId: 'copy', fromEventNumber: 7, unanswered: 0 } as ForkResult;
const own: CheckpointLink = { checkpointId: 'k2', parentCheckpointId: 'k1', threadEventNumber: 7 };

/** The source branch's latest checkpoint is `latest` (its heads row), the checkpointer's index of it holds `link`. */
const ask = (latest: string | null, link: CheckpointLink | null = own, f: ForkResult = fork) => {
  const readStore = {
    query: async (table: string, where: { thread_id: string }) =>
      table === 'heads' && where.thread_id === 'src' ? [{ latest_checkpoint_id: latest }] : [],
  } as unknown as ReadStore;
  const checkpointer = {
    ownLink: async (threadId: string, checkpointId: string) => (threadId === 'src' && checkpointId === link?.checkpointId ? link : null),
  };
  return copyAnswer(row, f, 'src', readStore, checkpointer, states);
};

describe('copyAnswer', () => {
  it("answers with the state at the branch's own latest checkpoint when it is at or before the fork point", async () => {
    expect(await ask('k2')).toEqual({
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
    expect(await ask('k2', { ...own, threadEventNumber: 5 })).not.toBeNull();
  });

  it('gives up (the copy is read back) when the latest checkpoint is past the fork point or of no known event', async () => {
    expect(await ask('k2', { ...own, threadEventNumber: 8 })).toBeNull();
    expect(await ask('k2', { ...own, threadEventNumber: null })).toBeNull();
  });

  it('gives up for a branch without a checkpoint (or one its checkpointer index lacks), a fork reference, or messages the copy inherits unanswered', async () => {
    expect(await ask(null)).toBeNull();
    expect(await ask('k2', null)).toBeNull();
    const reference = { ...own, parentCheckpointId: null, source: { threadId: 'other', checkpointId: 'k1' } };
    expect(await ask('k2', reference)).toBeNull();
    expect(await ask('k2', own, { ...fork, unanswered: 1 })).toBeNull();
  });
});
