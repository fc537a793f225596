import { defineProjector } from './projector';

/**
 * Every thread as the LangGraph face lists it: created and forked threads are LangGraph threads (both faces see the same
 * threads) until a LangGraphBranchMarked makes a fork a branch of another one; metadata comes from LangGraphMetadataSet.
 */
export const langgraphThreadsProjector = defineProjector('langgraph-threads', ['langgraph_threads'], (e) => {
  switch (e.type) {
    case 'ThreadCreated':
    case 'ThreadForked': {
      const { threadId, ownerId } = e.data;
      const row = { thread_id: threadId, owner_id: ownerId, branch_of: '', branch_checkpoint_id: null, metadata: '{}' };
      return [{ table: 'langgraph_threads', upsert: { ...row, created_at: e.occurredAt, updated_at: e.occurredAt } }];
    }
    case 'LangGraphMetadataSet':
      return [
        {
          table: 'langgraph_threads',
          upsert: { thread_id: e.data.threadId, metadata: JSON.stringify(e.data.metadata), updated_at: e.occurredAt },
        },
      ];
    case 'LangGraphBranchMarked': {
      const { threadId, langgraphThreadId, checkpointId } = e.data;
      return [
        { table: 'langgraph_threads', upsert: { thread_id: threadId, branch_of: langgraphThreadId, branch_checkpoint_id: checkpointId } },
      ];
    }
    case 'UserMessageAdded':
    case 'AssistantMessageAdded':
      return [{ table: 'langgraph_threads', upsert: { thread_id: e.data.threadId, updated_at: e.occurredAt } }];
    case 'ThreadDeleted':
      return [{ table: 'langgraph_threads', delete: { thread_id: e.data.threadId } }];
    default:
      return [];
  }
});
