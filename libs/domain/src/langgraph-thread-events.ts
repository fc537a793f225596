/**
 * Thread events the LangGraph Platform face (/langgraph) writes. A LangGraph thread is a Forkline thread plus the forks
 * made inside it when a run starts from an earlier checkpoint ("branch forks"); these events keep what the face needs
 * durably, in the thread's own log. They change nothing of the conversation itself.
 */

/** The LangGraph thread's metadata (a JSON object) is now this: set at creation, by PATCH, and on a copy. */
export interface LangGraphMetadataSet {
  type: 'LangGraphMetadataSet';
  data: { threadId: string; eventNumber: number; metadata: Record<string, unknown> };
}

/**
 * This thread (a fork) is a branch inside LangGraph thread `langgraphThreadId`, starting at that thread's checkpoint
 * `checkpointId`: LangGraph clients never see it as a thread of its own.
 */
export interface LangGraphBranchMarked {
  type: 'LangGraphBranchMarked';
  data: { threadId: string; eventNumber: number; langgraphThreadId: string; checkpointId: string };
}

export type LangGraphThreadEvent = LangGraphMetadataSet | LangGraphBranchMarked;

export const LANGGRAPH_THREAD_EVENT_TYPES: readonly LangGraphThreadEvent['type'][] = ['LangGraphMetadataSet', 'LangGraphBranchMarked'];
