import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';

/**
 * A model that gives what an attempt's model call gave: its whole answer as one chunk, or its error. Replaying a failed
 * lean reply through pregel (lean-reply) makes pregel store that attempt's checkpoint without calling the model again.
 */
export class ReplayModel extends BaseChatModel {
  constructor(private readonly outcome: { text: string } | { error: unknown }) {
    super({});
  }

  _llmType(): string {
    return 'replay';
  }

  async *_streamResponseChunks(): AsyncGenerator<ChatGenerationChunk> {
    if ('error' in this.outcome) throw this.outcome.error;
    yield new ChatGenerationChunk({ text: this.outcome.text, message: new AIMessageChunk({ content: this.outcome.text }) });
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const chunks: ChatGenerationChunk[] = [];
    for await (const chunk of this._streamResponseChunks()) chunks.push(chunk);
    void messages;
    return { generations: chunks };
  }
}
