import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { END, START } from '@langchain/langgraph';
import { liveGraph } from './live-graph';
import { modelPrompt } from './model-prompt';
import { asAnswer, recordNode, RunContext, streamModel } from './run-context';

/** Mode `chat`: respond (stream the model's answer) -> record. */
export function buildChatGraph(ctx: RunContext, checkpointer: BaseCheckpointSaver) {
  return liveGraph(ctx)
    .addNode('respond', async (state, config) => {
      const reply = await streamModel(ctx, ctx.model, modelPrompt(ctx.prompt, state.messages), config, true);
      return { messages: [asAnswer(ctx, reply)] };
    })
    .addNode('record', recordNode(ctx))
    .addEdge(START, 'respond')
    .addEdge('respond', 'record')
    .addEdge('record', END)
    .compile({ checkpointer });
}
