import { setMaxListeners } from 'events';
import { AIMessage, BaseMessage, HumanMessage } from '@langchain/core/messages';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { PendingMessage } from '@forkline/domain';
import { CommandContext, deterministicId, ThreadRepository } from '@forkline/event-store';
import { ProjectedEvent, Projector, ReadStore, ThreadHistory } from '@forkline/read-models';
import { buildReplyGraph } from './graphs/reply.graph';

const DEFAULT_CONTEXT_MESSAGES = 100;

export interface AgentSagaDeps {
  repository: ThreadRepository;
  readStore: ReadStore;
  /** How many of the latest messages the model sees (the context window). */
  contextMessages?: number;
  model: BaseChatModel;
  checkpointer: BaseCheckpointSaver;
  log?: (message: string) => void;
  /** Model attempts per message before the run is recorded as failed. */
  maxAttempts?: number;
}

/**
 * Answers every user message exactly once, in order, per thread. Its subscription to the log keeps a
 * durable inbox of threads that may owe a reply (committed with its checkpoint); workers drain it.
 * Replies carry deterministic event ids and the decider refuses a second reply, so a redelivered
 * message or a restart mid-run never yields a duplicate.
 */
export class AgentSaga {
  readonly projector: Projector = {
    name: 'agent',
    project: (e) => {
      if (e.type === 'ThreadDeleted') return [{ table: 'agent_inbox', delete: { thread_id: e.data.threadId } }];
      if (e.type === 'UserMessageAdded' || (e.type === 'ThreadForked' && e.data.unanswered.length > 0)) {
        return [{ table: 'agent_inbox', upsert: { thread_id: e.data.threadId, event_number: e.data.eventNumber } }];
      }
      return [];
    },
  };

  private readonly working = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly controller = new AbortController();
  private readonly log: (message: string) => void;
  private readonly history: ThreadHistory;

  constructor(private readonly deps: AgentSagaDeps) {
    this.log = deps.log ?? console.error;
    this.history = new ThreadHistory(deps.readStore);
    // Every run in flight listens on this one signal.
    setMaxListeners(0, this.controller.signal);
  }

  /** Picks up the inbox left by a previous process. */
  async resume(): Promise<void> {
    for (const row of await this.deps.readStore.agentInbox()) this.wake(row.thread_id);
  }

  readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const e of events) if (e.type === 'UserMessageAdded' || e.type === 'ThreadForked') this.wake(e.data.threadId);
  };

  /** Aborts model calls in flight and waits for workers; unanswered messages stay in the inbox. */
  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled([...this.working.values()]);
  }

  /** Resolves when no thread is being worked on (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.working.size > 0) await Promise.allSettled([...this.working.values()]);
  }

  private wake(threadId: string): void {
    if (this.controller.signal.aborted) return;
    if (this.working.has(threadId)) {
      this.again.add(threadId);
      return;
    }
    const work = this.drain(threadId).finally(() => {
      this.working.delete(threadId);
      if (this.again.delete(threadId)) this.wake(threadId);
    });
    this.working.set(threadId, work);
  }

  private async drain(threadId: string): Promise<void> {
    try {
      while (!this.controller.signal.aborted && (await this.answerNext(threadId)));
    } catch (error) {
      if (!this.controller.signal.aborted) this.log(`agent: thread '${threadId}' failed: ${error}`);
    }
  }

  /** Answers the oldest unanswered message; false when there is none. */
  private async answerNext(threadId: string): Promise<boolean> {
    const { state } = await this.deps.repository.load(threadId);
    const message = state.unanswered[0];
    if (!state.exists || !message) {
      await this.deps.readStore.clearAgentInbox(threadId, state.head);
      return false;
    }
    const runId = deterministicId(`run:${threadId}:${message.messageId}`);
    const context: CommandContext = { actor: 'agent', correlationId: message.messageId, causationId: message.messageId };
    await this.deps.repository.execute({ type: 'StartRun', threadId, runId, replyTo: message.messageId }, context);
    const maxAttempts = this.deps.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.reply(threadId, runId, message, context);
        return true;
      } catch (error) {
        if (this.controller.signal.aborted) throw error;
        this.log(`agent: run ${runId} attempt ${attempt} failed: ${error}`);
        if (attempt >= maxAttempts) {
          const command = { type: 'FailRun' as const, threadId, runId, replyTo: message.messageId, error: String(error) };
          await this.deps.repository.execute(command, context);
          return true;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async reply(threadId: string, runId: string, message: PendingMessage, context: CommandContext): Promise<void> {
    const history = await this.conversationUpTo(threadId, message.eventNumber);
    const graph = buildReplyGraph({
      model: this.deps.model,
      checkpointer: this.deps.checkpointer,
      recordReply: async (content) => {
        const messageId = deterministicId(`reply:${runId}`);
        const command = { type: 'CompleteRun' as const, threadId, runId, replyTo: message.messageId, messageId, content };
        const outcome = await this.deps.repository.execute(command, context);
        return outcome.events[0]?.data.eventNumber ?? outcome.state.head;
      },
    });
    await graph.invoke(
      { messages: history, threadEventNumber: message.eventNumber },
      // One checkpoint per run, at its end: the event log, not LangGraph, is what resumes an interrupted run.
      { configurable: { thread_id: threadId }, signal: this.controller.signal, durability: 'exit' },
    );
  }

  /**
   * The read models are read here because the inbox entry that woke this worker was committed in the
   * same transaction as the messages it refers to: they are never behind the message being answered.
   */
  private async conversationUpTo(threadId: string, eventNumber: number): Promise<BaseMessage[]> {
    const messages = await this.history.messagesOf(threadId, eventNumber, this.deps.contextMessages ?? DEFAULT_CONTEXT_MESSAGES);
    return messages.map((m) => (m.role === 'user' ? new HumanMessage(m.content) : new AIMessage(m.content)));
  }
}
