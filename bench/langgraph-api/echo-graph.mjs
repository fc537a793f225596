import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import { MessagesAnnotation, StateGraph, START, END } from '@langchain/langgraph';

class EchoModel extends BaseChatModel {
  _llmType() {
    return 'echo';
  }
  static answer(messages) {
    const last = [...messages].reverse().find((m) => m._getType() === 'human');
    return `You said: "${typeof last?.content === 'string' ? last.content : ''}" (${messages.length} messages in context).`;
  }
  async _generate(messages, options, rm) {
    let text = '';
    for await (const c of this._streamResponseChunks(messages, options, rm)) text += c.text;
    return { generations: [{ text, message: new AIMessage(text) }] };
  }
  async *_streamResponseChunks(messages, options, rm) {
    for (const token of EchoModel.answer(messages).split(/(?<= )/)) {
      yield new ChatGenerationChunk({ text: token, message: new AIMessageChunk({ content: token }) });
      await rm?.handleLLMNewToken(token);
    }
  }
}
const model = new EchoModel({});
export const graph = new StateGraph(MessagesAnnotation)
  .addNode('agent', async (state) => ({ messages: [await model.invoke(state.messages)] }))
  .addEdge(START, 'agent')
  .addEdge('agent', END)
  .compile();
