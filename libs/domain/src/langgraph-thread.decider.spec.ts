import { decide } from './thread.decider';
import { foldThread } from './thread.state';
import { ThreadEvent } from './thread-events';

const created: ThreadEvent = { type: 'ThreadCreated', data: { threadId: 't', ownerId: 'u1', eventNumber: 0 } };
const forked: ThreadEvent = {
  type: 'ThreadForked',
  data: { threadId: 'b', ownerId: 'u1', sourceThreadId: 't', fromEventNumber: 0, eventNumber: 1, unanswered: [] },
};

describe('LangGraph thread commands', () => {
  it('records the metadata as the next event of the thread', () => {
    const events = decide({ type: 'SetLangGraphMetadata', threadId: 't', userId: 'u1', metadata: { a: 1 } }, foldThread([created]));
    expect(events).toEqual([{ type: 'LangGraphMetadataSet', data: { threadId: 't', eventNumber: 1, metadata: { a: 1 } } }]);
  });

  it('marks a fork as a branch of a LangGraph thread, and refuses a created thread', () => {
    const mark = { type: 'MarkLangGraphBranch' as const, userId: 'u1', langgraphThreadId: 't', checkpointId: 'c1' };
    expect(decide({ ...mark, threadId: 'b' }, foldThread([forked]))).toEqual([
      { type: 'LangGraphBranchMarked', data: { threadId: 'b', eventNumber: 2, langgraphThreadId: 't', checkpointId: 'c1' } },
    ]);
    expect(() => decide({ ...mark, threadId: 't' }, foldThread([created]))).toThrow("thread 't' is not a fork");
  });

  it("reports another user's thread like a missing one", () => {
    expect(() => decide({ type: 'SetLangGraphMetadata', threadId: 't', userId: 'u2', metadata: {} }, foldThread([created]))).toThrow(
      "thread 't' not found",
    );
  });
});
