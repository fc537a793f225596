import { BaseMessage } from '@langchain/core/messages';
import { RunnableConfig } from '@langchain/core/runnables';
import { CheckpointTuple } from '@langchain/langgraph-checkpoint';
import { EventSourcedCheckpointSaver, ReplyWrite } from '../checkpointer/event-sourced-checkpoint-saver';
import { liveNode } from './live-graph';
import { tracingConfigured } from './model-stream';
import { answeredMessages, inputMessages, plainReplyStart, ReplyReached, replyCheckpoint } from './reply-checkpoint';
import { respondNode } from './reply.graph';
import { recordWith, RunContext, withRunContext } from './run-context';
import { runGraph } from './run-graphs';

export interface ReplyInput {
  messages: BaseMessage[];
  threadEventNumber: number;
}

type Configurable = Record<string, unknown> & { thread_id: string };

/**
 * A chat run without LangGraph's pregel loop: the chat graph's two nodes called in order, with the same live records, and
 * the one checkpoint pregel stores when such a run ends (durability 'exit') written through the same checkpointer, so
 * the LangGraph face cannot tell them apart (lean-reply.spec compares both). Pregel's loop cost more than the rest of a
 * turn's agent work, and its runnable context (AsyncLocalStorage) makes every promise of the process pay promise hooks.
 * A run that starts where pregel would take another path (see plainReplyStart), or that a tracer follows, runs through pregel.
 */
export async function leanReply(
  ctx: RunContext,
  checkpointer: EventSourcedCheckpointSaver,
  /** The thread's latest checkpoint, the run's input was computed from (read once by the executor). */
  saved: CheckpointTuple | undefined,
  input: ReplyInput,
  configurable: Configurable,
  signal: AbortSignal,
): Promise<void> {
  // A LangSmith tracer traces the graph and its nodes through pregel's runnables: with one, the run keeps them.
  if (tracingConfigured() || !plainReplyStart(saved)) {
    await runGraph('chat', ctx, checkpointer).invoke(input, { configurable, signal, durability: 'exit' });
    return;
  }
  signal.throwIfAborted();
  const config = withRunContext({ configurable, signal } as RunnableConfig, ctx);
  const state = { messages: inputMessages(saved, input.messages), threadEventNumber: input.threadEventNumber, plan: [], results: [] };
  const reached: ReplyReached = { input: state.messages, threadEventNumber: input.threadEventNumber };
  const parent = { configurable: { ...configurable, checkpoint_ns: '', checkpoint_id: saved?.config.configurable?.checkpoint_id } };
  const nextVersion = (v: number | undefined) => checkpointer.getNextVersion(v);
  let joint: ReplyWrite | undefined;
  try {
    const [answer] = (await liveNode('respond', respondNode)(state, config)).messages;
    reached.answered = answeredMessages(state.messages, answer);
    // Where the store can, the checkpoint goes in the reply's write: made of the reply's event number as decided.
    joint = checkpointer.replyWrite((recorded) => ({ config: parent, ...replyCheckpoint(saved, { ...reached, recorded }, nextVersion) }));
    const record = liveNode('record', recordWith(joint?.write));
    reached.recorded = (await record({ ...state, messages: reached.answered }, config)).threadEventNumber;
  } catch (error) {
    // The checkpoint went in with the reply (the thread's part a repeat, the run then found lost): it is the run's last.
    if (joint?.checkpointed) throw error;
    // Pregel stores where the run got to, and a failed node's error as its pending write (a stopped one's none: pregel
    // leaves the node running when the signal aborts): a retry starts there, through pregel.
    const { checkpoint, metadata, newVersions, task } = replyCheckpoint(saved, reached, nextVersion);
    const at = { configurable: { ...parent.configurable, checkpoint_id: checkpoint.id } };
    const { message, name } = (error ?? {}) as { message?: string; name?: string };
    // The failure itself is what the caller handles: a checkpoint that could not be stored leaves the retry where this
    // attempt started, as when pregel's (written after the run ends) fails.
    await Promise.resolve()
      .then(() =>
        signal.aborted || !task ? undefined : checkpointer.putWrites(at, [['__error__', { message, name }]], task.id, task.path),
      )
      .then(() => checkpointer.put(parent, checkpoint, metadata, newVersions))
      .catch(() => undefined);
    throw error;
  }
  if (joint?.checkpointed) return;
  // The reply went alone (a store that appends to one stream at a time), or nothing was recorded: as pregel, after the run.
  const { checkpoint, metadata, newVersions } = replyCheckpoint(saved, reached, nextVersion);
  await checkpointer.put(parent, checkpoint, metadata, newVersions);
}
