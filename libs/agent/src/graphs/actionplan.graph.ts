import { HumanMessage } from '@langchain/core/messages';
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { END, START } from '@langchain/langgraph';
import { liveGraph } from './live-graph';
import { modelPrompt } from './model-prompt';
import { AgentStateValue, asAnswer, recordNode, runContextOf, streamModel } from './run-context';

const MAX_STEPS = 5;
const PLANNER = `You plan before acting. Break the user's latest request into 1 to ${MAX_STEPS} short steps. Answer with a numbered list only, one step per line.`;

/** Reads "1. do this" lines; a reply without a list is one step: the request itself. */
function parsePlan(text: string, request: string): string[] {
  const steps = text
    .split('\n')
    .map((line) => /^\s*\d+[.)]\s+(.+)$/.exec(line)?.[1]?.trim())
    .filter((s): s is string => !!s);
  return (steps.length ? steps : [request]).slice(0, MAX_STEPS);
}

const request = (state: AgentStateValue) => state.messages[state.messages.length - 1].text;

/** Mode `actionplan`: plan -> execute each step in turn -> write the final answer -> record. Built once per process. */
export function actionplanGraph(checkpointer: BaseCheckpointSaver) {
  return liveGraph({ execute: (state) => state.results.length + 1 })
    .addNode('make_plan', async (state, config) => {
      const ctx = runContextOf(config);
      await ctx.log({ message: 'planning', step: 'planning', progress: 5 });
      const reply = await streamModel(ctx, ctx.model, modelPrompt(ctx.prompt, state.messages, PLANNER), config, false);
      const plan = parsePlan(reply.text, request(state));
      await ctx.log({ message: `plan: ${plan.map((s, i) => `${i + 1}. ${s}`).join(' ')}`, step: 'planned', progress: 10 });
      return { plan, results: [] };
    })
    .addNode('execute', async (state, config) => {
      const ctx = runContextOf(config);
      const i = state.results.length;
      const step = state.plan[i];
      await ctx.log({
        message: `step ${i + 1}/${state.plan.length}: ${step}`,
        step: `step ${i + 1}/${state.plan.length}: ${step}`,
        progress: 10 + Math.round((80 * i) / state.plan.length),
      });
      const done = state.plan
        .slice(0, i)
        .map((s, j) => `Step ${j + 1} (${s}): ${state.results[j]}`)
        .join('\n');
      const prompt = `Carry out step ${i + 1} of the plan for the request "${request(state)}": ${step}${done ? `\nDone so far:\n${done}` : ''}`;
      const reply = await streamModel(
        ctx,
        ctx.model,
        [...modelPrompt(ctx.prompt, state.messages), new HumanMessage(prompt)],
        config,
        false,
      );
      return { results: [...state.results, reply.text] };
    })
    .addNode('answer', async (state, config) => {
      const ctx = runContextOf(config);
      await ctx.log({ message: 'writing the final answer', step: 'answering', progress: 90 });
      const work = state.plan.map((s, j) => `Step ${j + 1} (${s}): ${state.results[j]}`).join('\n');
      const prompt = `Write the final answer to "${request(state)}" from the results of the plan:\n${work}`;
      const reply = await streamModel(ctx, ctx.model, [...modelPrompt(ctx.prompt, state.messages), new HumanMessage(prompt)], config, true);
      return { messages: [asAnswer(ctx, reply)] };
    })
    .addNode('record', recordNode)
    .addEdge(START, 'make_plan')
    .addEdge('make_plan', 'execute')
    .addConditionalEdges('execute', (state) => (state.results.length < state.plan.length ? 'execute' : 'answer'), ['execute', 'answer'])
    .addEdge('answer', 'record')
    .addEdge('record', END)
    .compile({ checkpointer });
}
