import { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel, BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import { offlineSuggestions, SUGGESTION_INSTRUCTION } from './suggested-questions';
import { pause } from '@forkline/event-store';

export interface OfflineChatModelParams extends BaseChatModelParams {
  /** Pause between streamed tokens, so slow runs (and stopping them) can be exercised. */
  tokenDelayMs?: number;
}

/**
 * The default model: deterministic, local, no network. It says plainly that it is offline and
 * echoes the question, so a conversation's shape can be seen without a provider.
 */
export class OfflineChatModel extends BaseChatModel {
  private readonly tokenDelayMs: number;

  constructor(params: OfflineChatModelParams = {}) {
    super(params);
    this.tokenDelayMs = params.tokenDelayMs ?? 0;
  }

  static lc_name() {
    return 'OfflineChatModel';
  }

  _llmType() {
    return 'forkline-offline';
  }

  /** The offline model never calls tools: bound to some, it still just answers. */
  bindTools(): this {
    return this;
  }

  static answer(messages: BaseMessage[]): string {
    const lastUser = [...messages].reverse().find((m) => m._getType() === 'human');
    const question = typeof lastUser?.content === 'string' ? lastUser.content : '';
    // Asked for follow-up questions (Dify's suggested questions): a JSON array, as a real model is told to answer.
    if (question.endsWith(SUGGESTION_INSTRUCTION)) return offlineSuggestions(question);
    return `[offline model] You said: "${question}" (${messages.length} messages in context). Forkline is running with MODEL=offline; set MODEL=openai:<name>, anthropic:<name> or ollama:<name> for real answers.`;
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    let text = '';
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) text += chunk.text;
    return { generations: [{ text, message: new AIMessage(text) }] };
  }

  async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const tokens = OfflineChatModel.answer(messages).split(/(?<= )/);
    for (const token of tokens) {
      if (this.tokenDelayMs > 0) await pause(this.tokenDelayMs, options.signal);
      options.signal?.throwIfAborted();
      // Built from the string: from a fields object, LangChain's constructor spreads it into a fresh literal per chunk,
      // which V8 builds some 30 times slower (about 10 us a token, more than the rest of the run's per-token work).
      yield new ChatGenerationChunk({ text: token, message: new AIMessageChunk(token) });
      if (runManager) await runManager.handleLLMNewToken(token);
    }
  }
}
