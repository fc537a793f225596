import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, BaseMessage } from '@langchain/core/messages';
import { RunnableConfig } from '@langchain/core/runnables';
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';

export const ReplyState = Annotation.Root({
  /** The conversation up to the message being answered; the graph appends its reply. */
  messages: Annotation<BaseMessage[]>({ reducer: (_, next) => next, default: () => [] }),
  /** The thread event number this state corresponds to; the checkpointer records it with each checkpoint. */
  threadEventNumber: Annotation<number | null>({ reducer: (_, next) => next, default: () => null }),
});

export interface ReplyGraphDeps {
  model: BaseChatModel;
  checkpointer: BaseCheckpointSaver;
  /** Appends the reply to the thread and returns its event number. */
  recordReply: (content: string) => Promise<number>;
}

/** respond (stream the model's answer) -> record (append it to the thread's log). */
export function buildReplyGraph({ model, checkpointer, recordReply }: ReplyGraphDeps) {
  return new StateGraph(ReplyState)
    .addNode('respond', async (state, config: RunnableConfig) => {
      let text = '';
      for await (const chunk of await model.stream(state.messages, { signal: config.signal })) {
        text += typeof chunk.content === 'string' ? chunk.content : chunk.text;
      }
      return { messages: [...state.messages, new AIMessage(text)] };
    })
    .addNode('record', async (state) => {
      const reply = state.messages[state.messages.length - 1];
      return { threadEventNumber: await recordReply(String(reply.content)) };
    })
    .addEdge(START, 'respond')
    .addEdge('respond', 'record')
    .addEdge('record', END)
    .compile({ checkpointer });
}
