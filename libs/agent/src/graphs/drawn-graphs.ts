import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { actionplanGraph } from './actionplan.graph';
import { reactGraph } from './react.graph';
import { chatGraph } from './reply.graph';
import { RunContext } from './run-context';

// The builders as the LangGraph face's assistant drawing (apps/api/src/langgraph/assistants) calls them. A graph no longer
// reads a run's context when it is built (its nodes read it from their config), so the context is not used.
export const buildChatGraph = (_ctx: RunContext, checkpointer: BaseCheckpointSaver) => chatGraph(checkpointer);
export const buildActionplanGraph = (_ctx: RunContext, checkpointer: BaseCheckpointSaver) => actionplanGraph(checkpointer);
export const buildReactGraph = (_ctx: RunContext, checkpointer: BaseCheckpointSaver) => reactGraph(checkpointer);
