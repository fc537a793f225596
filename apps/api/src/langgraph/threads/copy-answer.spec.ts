import { ForkResult } from '@forkline/event-store';
import { ReadStore, RowOf, ThreadView } from '@forkline/read-models';
import { LangGraphStates, ThreadStateView } from '../state/langgraph-states.service';
import { copyAnswer } from './copy-answer';

const state = { values: { messages: [] }, created_at: '2026-11-27T10:00:00.000Z' } as unknown as ThreadStateView;
const states = { view: jest.fn(async () => state) } as unknown as LangGraphStates;
const row = { thread_id: 'copy', metadata: '{"k":1}', created_at: 'c', updated_at: 'u' } as RowOf<'langgraph_threads'>;
/** The copy forked its source at event 7, inheriting nothing unanswered. */
const fork = { newThreadId: 'copy', fromEventNumber: 7, unanswered: 0 } as ForkResult;
type Link = Partial<RowOf<'checkpoint_links'>>;
const own: Link = { checkpoint_id: 'k2', event_number: 7, source_thread_id: null, source_checkpoint_id: null };

/** A read store where the source branch's latest checkpoint is `latest`, with the checkpoint links row `link`. */
const readStore = (latest: string | null, link: Link | null = own) =>
  ({
    getThread: async (id: string) => (id === 'src' ? ({ thread_id: 'src', latest_checkpoint_id: latest } as ThreadView) : null),
    query: async (table: string, where: Link) =>
      table === 'checkpoint_links' && link && where.thread_id === 'src' && where.checkpoint_id === link.checkpoint_id ? [link] : [],
  }) as unknown as ReadStore;

describe('copyAnswer', () => {
  it("answers with the state at the branch's own latest checkpoint when it is at or before the fork point", async () => {
    expect(await copyAnswer(row, fork, 'src', readStore('k2'), states)).toEqual({
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
    expect(await copyAnswer(row, fork, 'src', readStore('k2', { ...own, event_number: 5 }), states)).not.toBeNull();
  });

  it('gives up (the copy is read back) when the latest checkpoint is past the fork point or of no known event', async () => {
    expect(await copyAnswer(row, fork, 'src', readStore('k2', { ...own, event_number: 8 }), states)).toBeNull();
    expect(await copyAnswer(row, fork, 'src', readStore('k2', { ...own, event_number: null }), states)).toBeNull();
  });

  it('gives up for a branch without a checkpoint or its links row, a fork reference, or messages the copy inherits unanswered', async () => {
    expect(await copyAnswer(row, fork, 'src', readStore(null), states)).toBeNull();
    expect(await copyAnswer(row, fork, 'src', readStore('k2', null), states)).toBeNull();
    const reference = { ...own, source_thread_id: 'other', source_checkpoint_id: 'k1' };
    expect(await copyAnswer(row, fork, 'src', readStore('k2', reference), states)).toBeNull();
    expect(await copyAnswer(row, { ...fork, unanswered: 1 }, 'src', readStore('k2'), states)).toBeNull();
  });
});
