import { AIMessage, BaseMessage, ToolMessage } from '@langchain/core/messages';
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { END, START } from '@langchain/langgraph';
import { liveGraph } from './live-graph';
import { modelPrompt } from './model-prompt';
import { builtinTools } from '../tools/builtin-tools';
import { asAnswer, recordNode, RunContext, runContextOf, streamModel } from './run-context';

const MAX_TOOL_ROUNDS = 6;
const SYSTEM =
  'Answer the user. Use the tools when they help: current_time, calculator, lookup_documents (the files attached to this workflow).';

type ToolLike = { invoke(args: unknown): Promise<unknown> };

interface RunTools {
  byName: Map<string, ToolLike>;
  withTools: Parameters<typeof streamModel>[1];
}

/** The tools of each attempt (its agent's, over its thread's documents), set before the attempt's graph runs. */
const runTools = new WeakMap<RunContext, RunTools>();

/** Before each React attempt: binds the agent's tools to its model; a model that cannot call tools fails the attempt here. */
export function prepareReactRun(ctx: RunContext): void {
  const tools = builtinTools(ctx.documents).filter((t) => !ctx.tools || ctx.tools.includes(t.name));
  if (!ctx.model.bindTools) throw new Error('this model cannot call tools; React mode needs one that can');
  const withTools = tools.length ? ctx.model.bindTools(tools) : ctx.model;
  runTools.set(ctx, { byName: new Map(tools.map((t) => [t.name, t as ToolLike])), withTools });
}

const toolsOf = (ctx: RunContext): RunTools => {
  const tools = runTools.get(ctx);
  if (!tools) throw new Error('a React run started without prepareReactRun');
  return tools;
};

/** Mode `react`: the model calls tools until it answers (at most a few rounds) -> record. Built once per process. */
export function reactGraph(checkpointer: BaseCheckpointSaver) {
  return liveGraph()
    .addNode('agent', async (state, config) => {
      const ctx = runContextOf(config);
      const { withTools } = toolsOf(ctx);
      const round = toolRounds(state.messages) + 1;
      // Past the last round the model must answer: it is called without tools.
      const model = round > MAX_TOOL_ROUNDS ? ctx.model : withTools;
      const reply = await streamModel(ctx, model, modelPrompt(ctx.prompt, state.messages, SYSTEM), config, true);
      const calls = reply.tool_calls ?? [];
      if (calls.length > 0)
        await ctx.log({
          message: `round ${round}: calling ${calls.map((c) => c.name).join(', ')}`,
          step: `tools (round ${round})`,
          progress: Math.min(85, 10 + round * 15),
        });
      return { messages: [calls.length ? new AIMessage({ content: reply.text, tool_calls: calls }) : asAnswer(ctx, reply)] };
    })
    .addNode('tools', async (state, config) => {
      const ctx = runContextOf(config);
      const { byName } = toolsOf(ctx);
      const results = [];
      for (const call of pendingCalls(state.messages)) {
        const tool = byName.get(call.name);
        let output: string;
        const callId = call.id ?? call.name;
        ctx.live.toolCall(callId, call.name, call.args);
        try {
          if (!tool) throw new Error(`no tool named '${call.name}'`);
          output = String(await tool.invoke(call.args));
          await ctx.log({ message: `tool ${call.name}(${JSON.stringify(call.args)}) -> ${output.slice(0, 500)}` });
        } catch (error) {
          output = `error: ${(error as Error).message}`;
          await ctx.log({ level: 'error', message: `tool ${call.name}(${JSON.stringify(call.args)}) failed: ${(error as Error).message}` });
        }
        ctx.live.toolResult(callId, call.name, output);
        results.push(new ToolMessage({ content: output, tool_call_id: callId, name: call.name }));
      }
      return { messages: results };
    })
    .addNode('record', recordNode)
    .addEdge(START, 'agent')
    .addConditionalEdges('agent', (state) => (pendingCalls(state.messages).length ? 'tools' : 'record'), ['tools', 'record'])
    .addEdge('tools', 'agent')
    .addEdge('record', END)
    .compile({ checkpointer });
}

const pendingCalls = (messages: BaseMessage[]) => {
  const last = messages[messages.length - 1];
  return last instanceof AIMessage ? (last.tool_calls ?? []) : [];
};

/** Tool rounds since the user's message being answered. */
function toolRounds(messages: BaseMessage[]): number {
  let rounds = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]._getType() !== 'human'; i--) {
    if (messages[i] instanceof AIMessage && pendingCalls([messages[i]]).length) rounds++;
  }
  return rounds;
}
