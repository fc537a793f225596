import { BaseMessage } from '@langchain/core/messages';
import { CheckpointTuple } from '@langchain/langgraph-checkpoint';
import { PendingMessage } from '@forkline/domain';
import { Segment, ThreadHistory, ThreadView } from '@forkline/read-models';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { KnownConversations } from './known-conversations';

/** How long a run waits for the read models to show its message (polling), before its attempt fails. */
const READ_MODELS_WAIT_MS = 60_000;
const READ_MODELS_POLL_MS = 25;

/** What readModelsHold found: the thread, and its history's segments as they are at the message being answered. */
export interface HeldHistory {
  thread: ThreadView | null;
  segments: Segment[] | null;
}

/** Where a run's graph state starts: the thread's checkpoint (a fork's first: its source's), and what it lacks. */
export class RunState {
  /** What this process's runs found of their threads' conversations: a run reads only what is new since (see KnownConversations). */
  private readonly known: KnownConversations;

  /** `cacheBytes`: what the conversations kept may weigh (see KnownConversations). */
  constructor(private readonly deps: { history: ThreadHistory; checkpointer: EventSourcedCheckpointSaver; cacheBytes?: number }) {
    this.known = new KnownConversations(deps.history, deps.cacheBytes);
  }

  /**
   * Waits until the read models hold the message being answered. A worker is woken by the log, and the projector may run
   * in another process, behind it: reading the conversation before would answer the previous message instead. What it
   * read is what the run starts from: the history up to the message is projected once the message is, and never changes
   * (a clear or a fork point past the message does not count there; a thread's parent is set when it is made).
   */
  async readModelsHold(threadId: string, message: PendingMessage, signal: AbortSignal): Promise<HeldHistory> {
    for (let waited = 0; ; waited += READ_MODELS_POLL_MS) {
      const held = await this.deps.history.threadAt(threadId, message.eventNumber);
      const [latest] = held.segments ? await this.deps.history.messages(held.segments, 1) : [];
      if (latest?.message_id === message.messageId) return held;
      if (waited >= READ_MODELS_WAIT_MS) throw new Error(`the read models do not show message ${message.messageId} yet`);
      await new Promise((r) => setTimeout(r, READ_MODELS_POLL_MS));
      signal.throwIfAborted();
    }
  }

  /**
   * A fork's first run starts from its source's checkpoint at the fork point, referenced rather than
   * copied. Checked once per run, and only for forks (the read model says which) without checkpoints.
   */
  async startForkAtSource(threadId: string, thread: ThreadView | null): Promise<void> {
    const { checkpointer, history } = this.deps;
    if (!thread?.parent_thread_id || (await checkpointer.getTuple({ configurable: { thread_id: threadId } }))) return;
    const segments = await history.segments(thread);
    const source = segments && (await history.latestCheckpoint(segments.slice(0, -1)));
    if (source)
      await checkpointer.forkFrom(threadId, { threadId: source.thread_id, checkpointId: source.checkpoint_id }, source.event_number);
  }

  /**
   * The thread's checkpoint the run starts from, and what its graph state lacks of the conversation up to the message
   * being answered (see conversationInput), from the read models, which readModelsHold() found holding that message
   * (`held`: the history it read then; without it, read again).
   */
  async start(
    threadId: string,
    message: PendingMessage,
    held?: HeldHistory,
  ): Promise<{ saved: CheckpointTuple | undefined; messages: BaseMessage[] }> {
    const [saved, segments] = await Promise.all([
      this.deps.checkpointer.getTuple({ configurable: { thread_id: threadId } }),
      held ? held.segments : this.deps.history.at(threadId, message.eventNumber),
    ]);
    const state = (saved?.checkpoint.channel_values.messages as BaseMessage[] | undefined) ?? [];
    return { saved, messages: await this.known.input(threadId, message.eventNumber, state, segments) };
  }
}
