import { RunnableConfig } from '@langchain/core/runnables';
import { BaseMessage } from '@langchain/core/messages';
import { EventSourcedCheckpointSaver } from '../checkpointer/event-sourced-checkpoint-saver';
import { LiveRun } from '../live-run';
import { liveNode } from './live-graph';
import { ReplayModel } from './replay-model';
import { answeredMessages, inputMessages, plainReplyStart, replyCheckpoint } from './reply-checkpoint';
import { respondNode } from './reply.graph';
import { recordNode, RunContext, withRunContext } from './run-context';
import { runGraph } from './run-graphs';

export interface ReplyInput {
  messages: BaseMessage[];
  threadEventNumber: number;
}

/**
 * A chat run without LangGraph's pregel loop: the chat graph's two nodes called in order, with the same live records, and
 * the one checkpoint pregel stores at the end of such a run (durability 'exit') written through the same checkpointer,
 * so the LangGraph face cannot tell them apart (reply-checkpoint.spec compares both). Pregel's loop costs more than the
 * rest of a turn, and its async context (AsyncLocalStorage) makes every promise of the process pay promise hooks.
 * A run that starts anywhere pregel takes another path (see plainReplyStart) runs through pregel.
 */
export async function leanReply(
  ctx: RunContext,
  checkpointer: EventSourcedCheckpointSaver,
  input: ReplyInput,
  configurable: Record<string, unknown> & { thread_id: string },
  signal: AbortSignal,
): Promise<void> {
  const saved = await checkpointer.getTuple({ configurable: { thread_id: configurable.thread_id } });
  if (!plainReplyStart(saved)) return pregelReply(ctx, checkpointer, input, configurable, signal);
  signal.throwIfAborted();
  const config = withRunContext({ configurable, signal } as RunnableConfig, ctx);
  const state = {
    messages: inputMessages(saved, input.messages),
    threadEventNumber: input.threadEventNumber,
    plan: [] as string[],
    results: [] as string[],
  };
  let failedIn: 'respond' | 'record' = 'respond';
  let answer: BaseMessage | undefined;
  try {
    answer = (await liveNode('respond', respondNode)(state, config)).messages[0];
    const answered = answeredMessages(state.messages, answer);
    failedIn = 'record';
    const { threadEventNumber } = await liveNode('record', recordNode)({ ...state, messages: answered }, config);
    const values = { input: state.messages, answered, threadEventNumber };
    const { checkpoint, metadata, newVersions } = replyCheckpoint(saved, values, (v) => checkpointer.getNextVersion(v));
    const parent = { ...configurable, checkpoint_ns: '', checkpoint_id: saved?.config.configurable?.checkpoint_id };
    await checkpointer.put({ configurable: parent }, checkpoint, metadata, newVersions);
  } catch (error) {
    // Stopped or shut down: pregel stores nothing. Failed: it stores where the run got to and the error, which a retry
    // starts from; replayed through pregel, with the answer or the error the attempt had, no model call and no records.
    if (!signal.aborted) await replayFailure(ctx, checkpointer, input, configurable, failedIn === 'record' ? answer : undefined, error);
    throw error;
  }
}

function pregelReply(
  ctx: RunContext,
  checkpointer: EventSourcedCheckpointSaver,
  input: ReplyInput,
  configurable: object,
  signal: AbortSignal,
) {
  return runGraph('chat', ctx, checkpointer)
    .invoke(input, { configurable, signal, durability: 'exit' })
    .then(() => undefined);
}

async function replayFailure(
  ctx: RunContext,
  checkpointer: EventSourcedCheckpointSaver,
  input: ReplyInput,
  configurable: object,
  answer: BaseMessage | undefined,
  error: unknown,
): Promise<void> {
  const replay: RunContext = {
    ...ctx,
    model: new ReplayModel(answer ? { text: answer.text } : { error }),
    recordReply: () => Promise.reject(error),
    partial: { text: '' },
    usage: { inputTokens: 0, outputTokens: 0 },
    live: new LiveRun(undefined, { threadId: '', runId: '', mode: 'chat', replyTo: '' }),
  };
  await pregelReply(replay, checkpointer, input, configurable, new AbortController().signal).catch(() => undefined);
}
