import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, BaseMessage } from '@langchain/core/messages';

const TRACING_VARIABLES = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING'];

/** LangChain's own test (isTracingEnabled): a LangSmith tracer is configured. */
export const tracingConfigured = (): boolean => TRACING_VARIABLES.some((name) => process.env[name] === 'true');

/**
 * A model call's chunks. Without a tracer, a chat model's own iterator: stream() also wraps each chunk in a web
 * stream and an async-context switch that give tracers their parent run, which cost more than the offline model's
 * whole answer. The model's own callbacks still run; a bound model (React's tools) streams as before.
 */
export async function modelChunks(
  model: { stream: BaseChatModel['stream'] },
  messages: BaseMessage[],
  signal?: AbortSignal,
): Promise<AsyncIterable<AIMessageChunk>> {
  if (model instanceof BaseChatModel && !tracingConfigured()) return model._streamIterator(messages, { signal });
  return model.stream(messages, { signal });
}

/** A message's text; a string content is read as is (the `text` getter converts it to content blocks first). */
export const messageText = (m: BaseMessage): string => (typeof m.content === 'string' ? m.content : m.text);

/**
 * Joins a stream's chunks into the whole message as AIMessageChunk.concat does, but a run of chunks that carry only
 * text is joined as one string and concatenated once, instead of one new message per token.
 */
export class ChunkJoin {
  private joined?: AIMessageChunk;
  private text = '';
  private textId?: string;

  add(chunk: AIMessageChunk): void {
    if (this.textOnly(chunk)) {
      this.textId ??= chunk.id;
      this.text += chunk.content as string;
      return;
    }
    this.flush();
    this.joined = this.joined ? this.joined.concat(chunk) : chunk;
  }

  /** The whole message (an empty one when nothing was streamed). */
  result(): AIMessageChunk {
    this.flush();
    return this.joined ?? new AIMessageChunk({ content: '' });
  }

  /** Merging it changes nothing but the text (and the id, taken from the first chunk that has one). */
  private textOnly(chunk: AIMessageChunk): boolean {
    return (
      typeof chunk.content === 'string' &&
      (this.joined === undefined || typeof this.joined.content === 'string') &&
      isEmpty(chunk.additional_kwargs) &&
      isEmpty(chunk.response_metadata) &&
      !chunk.tool_call_chunks?.length &&
      !chunk.tool_calls?.length &&
      !chunk.invalid_tool_calls?.length &&
      chunk.usage_metadata === undefined &&
      (chunk.id === undefined || chunk.id === (this.joined?.id ?? this.textId ?? chunk.id))
    );
  }

  private flush(): void {
    if (this.textId === undefined && this.text === '') return;
    const text = new AIMessageChunk({ content: this.text, id: this.textId });
    this.joined = this.joined ? this.joined.concat(text) : text;
    this.text = '';
    this.textId = undefined;
  }
}

const isEmpty = (o: object | undefined) => o === undefined || Object.keys(o).length === 0;
