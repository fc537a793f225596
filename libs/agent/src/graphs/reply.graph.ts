import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { END, START } from '@langchain/langgraph';
import { liveGraph } from './live-graph';
import { modelPrompt } from './model-prompt';
import { asAnswer, recordNode, runContextOf, streamModel } from './run-context';

/** Mode `chat`: respond (stream the model's answer) -> record. Built once; each run's context comes in its config. */
export function chatGraph(checkpointer: BaseCheckpointSaver) {
  return liveGraph()
    .addNode('respond', async (state, config) => {
      const ctx = runContextOf(config);
      const reply = await streamModel(ctx, ctx.model, modelPrompt(ctx.prompt, state.messages), config, true);
      return { messages: [asAnswer(ctx, reply)] };
    })
    .addNode('record', recordNode)
    .addEdge(START, 'respond')
    .addEdge('respond', 'record')
    .addEdge('record', END)
    .compile({ checkpointer });
}
