import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { RunMode } from '@forkline/domain';
import { actionplanGraph } from './actionplan.graph';
import { prepareReactRun, reactGraph } from './react.graph';
import { chatGraph } from './reply.graph';
import { RunContext, withRunContext } from './run-context';

type ChatGraph = ReturnType<typeof chatGraph>;
type Input = Parameters<ChatGraph['invoke']>[0];
type Options = NonNullable<Parameters<ChatGraph['invoke']>[1]>;

/** One attempt's graph: the mode's compiled graph, invoked with the attempt's context. */
export interface RunGraph {
  invoke(input: Input, options: Options): Promise<unknown>;
}

const BUILD = { chat: chatGraph, actionplan: actionplanGraph, react: reactGraph } satisfies Record<RunMode, unknown>;
/** What an attempt of a mode needs besides its context (React: its agent's tools bound to its model). */
const PREPARE: Partial<Record<RunMode, (ctx: RunContext) => void>> = { react: prepareReactRun };

/**
 * Building and compiling a graph (its channels, nodes, edges and their runnables) cost more than the offline model's whole
 * answer when done per attempt; a compiled graph holds no run's state, so each mode's is built once per checkpointer and
 * every attempt runs it with its own context in the config.
 */
const compiled = new WeakMap<BaseCheckpointSaver, Partial<Record<RunMode, ChatGraph>>>();

export function runGraph(mode: RunMode, ctx: RunContext, checkpointer: BaseCheckpointSaver): RunGraph {
  let graphs = compiled.get(checkpointer);
  if (!graphs) compiled.set(checkpointer, (graphs = {}));
  const graph = (graphs[mode] ??= BUILD[mode](checkpointer) as unknown as ChatGraph);
  PREPARE[mode]?.(ctx);
  return { invoke: (input, options) => graph.invoke(input, withRunContext(options, ctx)) };
}
