import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';

const TRACING_VARIABLES = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING'];

let tracing: boolean | undefined;

/**
 * LangChain's own test (isTracingEnabled): a LangSmith tracer is configured. Read once: tracing is set when the process
 * starts, and reading the environment is a native call per variable, on every runnable a graph invokes.
 */
export const tracingConfigured = (): boolean => (tracing ??= TRACING_VARIABLES.some((name) => process.env[name] === 'true'));

let verbose: boolean | undefined;

/** LangChain's verbose switch, which adds a console handler to every model call (read once, as tracing is). */
const verboseConfigured = (): boolean =>
  (verbose ??= ['LANGCHAIN_VERBOSE', 'LANGSMITH_VERBOSE'].some((name) => process.env[name] === 'true'));

const hasHandlers = (callbacks: unknown): boolean =>
  Array.isArray(callbacks) ? callbacks.length > 0 : ((callbacks as { handlers?: unknown[] } | undefined)?.handlers?.length ?? 0) > 0;

type StreamingModel = BaseChatModel & { outputVersion?: string; disableStreaming?: boolean };

/**
 * Whether nothing would receive the run events a model call reports: no tracer, no verbose logging, no callbacks on
 * the model nor in the config the graph runs the node with (LangGraph's "messages" stream mode adds one).
 */
function unobserved(model: StreamingModel): boolean {
  return (
    !tracingConfigured() &&
    !verboseConfigured() &&
    !model.verbose &&
    !hasHandlers(model.callbacks) &&
    !hasHandlers(AsyncLocalStorageProviderSingleton.getRunnableConfig()?.callbacks) &&
    model.outputVersion !== 'v1' &&
    !model.disableStreaming &&
    model._streamResponseChunks !== BaseChatModel.prototype._streamResponseChunks
  );
}

/**
 * Calls `each` with a model call's chunks, in order. Without a tracer, from a chat model's own iterator: stream() also
 * wraps each chunk in a web stream and an async-context switch that give tracers their parent run, which cost more than
 * the offline model's whole answer. With no handler at all, from the model's chunks themselves, as its own iterator
 * (_streamIterator) yields them when no handler listens: that iterator also builds a callback manager, serializes the
 * model for tracers and concatenates every chunk into the whole answer for them (a new message per token), all for no
 * reader; the abort checks and the metadata merge stay as it does them. A callback rather than an async generator of our
 * own: one more generator between the model's and the loop is a chain of promises per token. The model's own callbacks
 * still run; a bound model (React's tools) streams as before.
 */
export async function eachModelChunk(
  model: { stream: BaseChatModel['stream'] },
  messages: BaseMessage[],
  signal: AbortSignal | undefined,
  each: (chunk: AIMessageChunk) => void,
): Promise<void> {
  if (!(model instanceof BaseChatModel && unobserved(model))) {
    const chunks =
      model instanceof BaseChatModel && !tracingConfigured()
        ? model._streamIterator(messages, { signal })
        : await model.stream(messages, { signal });
    for await (const chunk of chunks) each(chunk);
    return;
  }
  for await (const chunk of model._streamResponseChunks(messages, { signal } as BaseChatModel['ParsedCallOptions'])) {
    signal?.throwIfAborted();
    // Merged only when there is something to merge (or nothing to keep): a new object per token otherwise, to the same content.
    if (chunk.generationInfo !== undefined || chunk.message.response_metadata === undefined)
      chunk.message.response_metadata = { ...chunk.generationInfo, ...chunk.message.response_metadata };
    each(chunk.message as AIMessageChunk);
  }
  signal?.throwIfAborted();
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
    // From the string when there is no id: LangChain's constructor spreads a fields object, which costs ~10 us.
    const text = this.textId === undefined ? new AIMessageChunk(this.text) : new AIMessageChunk({ content: this.text, id: this.textId });
    this.joined = this.joined ? this.joined.concat(text) : text;
    this.text = '';
    this.textId = undefined;
  }
}

/** Without Object.keys: asked of every streamed chunk, twice, an array each time. */
function isEmpty(o: object | undefined): boolean {
  for (const _ in o) return false;
  return true;
}
