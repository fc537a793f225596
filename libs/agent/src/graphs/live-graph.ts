import { RunnableConfig } from '@langchain/core/runnables';
import { StateGraph } from '@langchain/langgraph';
import { AgentState, AgentStateValue, runContextOf } from './run-context';

type NodeWork = (state: AgentStateValue, config: RunnableConfig) => Promise<unknown>;

/**
 * The graphs' StateGraph, except that every node added to it says in the run's live records when it starts and
 * finishes, how long it took and the tokens it used. `steps` numbers a node's runs (the actionplan step it executes).
 */
export function liveGraph(steps: Record<string, (state: AgentStateValue) => number> = {}) {
  const graph = new StateGraph(AgentState);
  const addNode = graph.addNode.bind(graph) as (name: string, work: NodeWork) => unknown;
  // Wrapping here rather than in each graph keeps the graphs as they read: what a node does, not its reporting.
  graph.addNode = ((name: string, work: NodeWork) => addNode(name, liveNode(name, work, steps[name]))) as never;
  return graph;
}

export function liveNode<R>(
  node: string,
  work: (state: AgentStateValue, config: RunnableConfig) => Promise<R>,
  step?: (state: AgentStateValue) => number,
): (state: AgentStateValue, config: RunnableConfig) => Promise<R> {
  return async (state, config) => {
    const ctx = runContextOf(config);
    const started = Date.now();
    const before = { ...ctx.usage };
    const used = () => ({ input: ctx.usage.inputTokens - before.inputTokens, output: ctx.usage.outputTokens - before.outputTokens });
    ctx.live.nodeStarted(node, step?.(state));
    try {
      const result = await work(state, config);
      ctx.live.nodeFinished(node, 'success', Date.now() - started, used());
      return result;
    } catch (error) {
      ctx.live.nodeFinished(node, 'failed', Date.now() - started, used());
      throw error;
    }
  };
}
