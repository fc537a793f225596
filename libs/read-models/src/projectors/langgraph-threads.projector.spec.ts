import { at, timeAt } from '../sample-conversation';
import { langgraphThreadsProjector } from './langgraph-threads.projector';

describe('langgraph threads projector', () => {
  it('lists created and forked threads as LangGraph threads, until a fork is marked a branch', () => {
    const created = at(1, { type: 'ThreadCreated', data: { threadId: 't', ownerId: 'u1', eventNumber: 0 } });
    expect(langgraphThreadsProjector.project(created)).toEqual([
      {
        table: 'langgraph_threads',
        position: 1n,
        upsert: {
          thread_id: 't',
          owner_id: 'u1',
          branch_of: '',
          branch_checkpoint_id: null,
          metadata: '{}',
          created_at: timeAt(1),
          updated_at: timeAt(1),
        },
      },
    ]);
    const marked = at(3, {
      type: 'LangGraphBranchMarked',
      data: { threadId: 'b', eventNumber: 2, langgraphThreadId: 't', checkpointId: 'c' },
    });
    expect(langgraphThreadsProjector.project(marked)).toEqual([
      { table: 'langgraph_threads', position: 3n, upsert: { thread_id: 'b', branch_of: 't', branch_checkpoint_id: 'c' } },
    ]);
  });

  it('keeps the metadata as JSON and moves updated_at with it and with messages; a deleted thread goes', () => {
    const set = at(4, { type: 'LangGraphMetadataSet', data: { threadId: 't', eventNumber: 1, metadata: { k: 'v' } } });
    expect(langgraphThreadsProjector.project(set)[0]).toMatchObject({ upsert: { metadata: '{"k":"v"}', updated_at: timeAt(4) } });
    const message = at(5, { type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm', content: 'hi', eventNumber: 2 } });
    expect(langgraphThreadsProjector.project(message)[0]).toMatchObject({ upsert: { thread_id: 't', updated_at: timeAt(5) } });
    expect(langgraphThreadsProjector.project(at(6, { type: 'ThreadDeleted', data: { threadId: 't', eventNumber: 3 } }))).toEqual([
      { table: 'langgraph_threads', position: 6n, delete: { thread_id: 't' } },
    ]);
  });
});
