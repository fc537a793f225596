import { MemorySaver } from '@langchain/langgraph';
import { buildActionplanGraph, buildChatGraph, buildReactGraph, OfflineChatModel, RunContext } from '@forkline/agent';
import { RunMode } from '@forkline/domain';

export interface GraphDrawing {
  nodes: Array<{ id: string; name: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>;
  edges: Array<{ source: string; target: string; conditional: boolean }>;
}

const BUILD = { chat: buildChatGraph, actionplan: buildActionplanGraph, react: buildReactGraph } satisfies Record<RunMode, unknown>;

/** The agent's real graph (the one its runs execute) as LangGraph draws it: getGraph()'s nodes and edges. Nothing runs. */
export async function drawAgentGraph(mode: RunMode): Promise<GraphDrawing> {
  // Building a graph only wires its nodes; the context is read when a node runs, which drawing never does.
  const ctx = { model: new OfflineChatModel(), documents: async () => [] } as unknown as RunContext;
  const drawable = await BUILD[mode](ctx, new MemorySaver()).getGraphAsync();
  return {
    nodes: Object.values(drawable.nodes).map((n) => ({ id: n.id, name: n.name ?? n.id, data: {}, metadata: n.metadata ?? {} })),
    edges: drawable.edges.map((e) => ({ source: e.source, target: e.target, conditional: e.conditional ?? false })),
  };
}
