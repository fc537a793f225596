import { InvalidCommand, ThreadNotFound } from './domain-errors';
import { LangGraphThreadEvent } from './langgraph-thread-events';
import { ThreadState } from './thread.state';

/** Commands of the LangGraph Platform face on a thread (see langgraph-thread-events.ts). */
export type LangGraphThreadCommand =
  | { type: 'SetLangGraphMetadata'; threadId: string; userId: string; metadata: Record<string, unknown> }
  | { type: 'MarkLangGraphBranch'; threadId: string; userId: string; langgraphThreadId: string; checkpointId: string };

export const LANGGRAPH_THREAD_COMMAND_TYPES: readonly LangGraphThreadCommand['type'][] = ['SetLangGraphMetadata', 'MarkLangGraphBranch'];

export function decideLangGraph(command: LangGraphThreadCommand, state: ThreadState): LangGraphThreadEvent[] {
  const { threadId, userId } = command;
  // Another user's thread is reported exactly like a missing one.
  if (!state.exists || state.ownerId !== userId) throw new ThreadNotFound(threadId);
  const eventNumber = state.head + 1;
  switch (command.type) {
    case 'SetLangGraphMetadata':
      return [{ type: 'LangGraphMetadataSet', data: { threadId, eventNumber, metadata: command.metadata } }];
    case 'MarkLangGraphBranch': {
      // Only a fork starts at another thread's checkpoint; a created thread is a LangGraph thread of its own.
      if (state.base === 0) throw new InvalidCommand(`thread '${threadId}' is not a fork: it cannot be a branch`, 'thread_id');
      const { langgraphThreadId, checkpointId } = command;
      return [{ type: 'LangGraphBranchMarked', data: { threadId, eventNumber, langgraphThreadId, checkpointId } }];
    }
  }
}
