import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { RunnableConfig } from '@langchain/core/runnables';
import { Annotation, messagesStateReducer } from '@langchain/langgraph';
import { AttachedFile } from '@forkline/domain';
import { ThreadWrite } from '@forkline/event-store';
import { LiveRun } from '../live-run';
import { PromptSettings } from './model-prompt';
import { ChunkJoin, eachModelChunk, messageText } from './model-stream';

export interface LogEntry {
  level?: 'info' | 'warning' | 'error';
  message: string;
  /** What the run is doing now, and how far it is (0-100): shown by the workflow status. */
  step?: string;
  progress?: number;
}

/** What a graph gets from the run that executes it. */
export interface RunContext {
  model: BaseChatModel;
  /** The built-in tools the agent allows the React graph (by name); undefined: all of them. */
  tools?: string[];
  /** The thread's attached files, read once per run on first use (only the React graph's lookup tool needs them). */
  documents: () => Promise<AttachedFile[]>;
  log(entry: LogEntry): Promise<void>;
  /** Appends the reply to the thread and returns its event number; `write`: in place of the store's append (see ThreadWrite). */
  recordReply(content: string, write?: ThreadWrite): Promise<number>;
  /** The answer streamed so far: what a stopped run keeps. */
  partial: { text: string };
  usage: { inputTokens: number; outputTokens: number };
  /** The run's live records: node starts and ends, answer text, tool calls. */
  live: LiveRun;
  /** The agent's system prompt and the context window, applied to each model call (see modelPrompt). */
  prompt: PromptSettings;
  /** The Forkline message id the answer will have: the id of the answer in the graph's state too. */
  replyId: string;
}

/** The configurable key under which a run's context reaches the nodes of the graphs, which are compiled once per process. */
const RUN_CONTEXT = 'forkline_run_context';

/** The invoke config with the run's context for its nodes (only LangGraph's own keys go into checkpoint metadata). */
export function withRunContext<C extends RunnableConfig>(config: C, ctx: RunContext): C {
  return { ...config, configurable: { ...config.configurable, [RUN_CONTEXT]: ctx } };
}

/** The context of the run a node works for. */
export function runContextOf(config: RunnableConfig | undefined): RunContext {
  const ctx = config?.configurable?.[RUN_CONTEXT] as RunContext | undefined;
  if (!ctx) throw new Error('a graph node ran without its run context (a graph runs through runGraph)');
  return ctx;
}

/** Before each attempt: a retry neither keeps a failed attempt's partial answer nor counts its tokens. */
export function resetAttempt(ctx: RunContext): void {
  ctx.partial = { text: '' };
  ctx.usage = { inputTokens: 0, outputTokens: 0 };
}

export const AgentState = Annotation.Root({
  /**
   * The thread's conversation, each message under its Forkline message id (LangGraph's add-messages reducer: a run's
   * input appends the new messages, or replaces one with the same id); the graph appends its reply under the reply's id.
   */
  messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
  /** The thread event number this state corresponds to; the checkpointer records it with each checkpoint. */
  threadEventNumber: Annotation<number | null>({ reducer: (_, next) => next, default: () => null }),
  /** Actionplan: the planned steps and what each produced. */
  plan: Annotation<string[]>({ reducer: (_, next) => next, default: () => [] }),
  results: Annotation<string[]>({ reducer: (_, next) => next, default: () => [] }),
});

export type AgentStateValue = typeof AgentState.State;

/**
 * Streams one model call. With `visible`, the text is the answer the user sees (kept if the run is
 * stopped). Token usage comes from the provider when it reports it, else is estimated (4 chars a token).
 */
export async function streamModel(
  ctx: RunContext,
  model: { stream: BaseChatModel['stream'] },
  messages: BaseMessage[],
  config: RunnableConfig,
  visible: boolean,
): Promise<AIMessageChunk> {
  if (visible) ctx.partial.text = '';
  if (visible) ctx.live.answerStarted();
  const join = new ChunkJoin();
  await eachModelChunk(model, messages, config.signal, (chunk) => {
    join.add(chunk);
    const text = messageText(chunk);
    if (visible) ctx.partial.text += text;
    if (visible) ctx.live.delta(text);
  });
  const reply = join.result();
  const usage = reply.usage_metadata;
  ctx.usage.inputTokens += usage?.input_tokens ?? estimateTokens(messages.map(messageText).join(''));
  ctx.usage.outputTokens += usage?.output_tokens ?? estimateTokens(messageText(reply));
  return reply;
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** The last node of a graph: the reply goes into the thread's log (through `write`, given). */
export const recordWith = (write?: ThreadWrite) => async (state: AgentStateValue, config: RunnableConfig) => {
  const reply = state.messages[state.messages.length - 1];
  return { threadEventNumber: await runContextOf(config).recordReply(messageText(reply), write) };
};

export const recordNode = recordWith();

/** The answer as the state keeps it: under the id of the thread message that records it. */
export const asAnswer = (ctx: RunContext, chunk: AIMessageChunk) => new AIMessage({ content: messageText(chunk), id: ctx.replyId });
