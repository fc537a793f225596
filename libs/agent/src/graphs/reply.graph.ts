import { RunnableConfig } from '@langchain/core/runnables';
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { END, START } from '@langchain/langgraph';
import { liveGraph } from './live-graph';
import { modelPrompt } from './model-prompt';
import { AgentStateValue, asAnswer, recordNode, runContextOf, streamModel } from './run-context';

/** Mode `chat`'s answer: the model's, streamed, under the reply's id. The lean reply (lean-reply) runs it too. */
export const respondNode = async (state: Pick<AgentStateValue, 'messages'>, config: RunnableConfig) => {
  const ctx = runContextOf(config);
  const reply = await streamModel(ctx, ctx.model, modelPrompt(ctx.prompt, state.messages), config, true);
  return { messages: [asAnswer(ctx, reply)] };
};

/** Mode `chat`: respond (stream the model's answer) -> record. Built once; each run's context comes in its config. */
export function chatGraph(checkpointer: BaseCheckpointSaver) {
  return liveGraph()
    .addNode('respond', respondNode)
    .addNode('record', recordNode)
    .addEdge(START, 'respond')
    .addEdge('respond', 'record')
    .addEdge('record', END)
    .compile({ checkpointer });
}
