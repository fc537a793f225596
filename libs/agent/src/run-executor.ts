import { AIMessage, BaseMessage, HumanMessage } from '@langchain/core/messages';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { randomUUID } from 'crypto';
import { AttachedFile, EndOfRunStats, PendingMessage, RunMode } from '@forkline/domain';
import { CommandContext, deterministicId, ThreadRepository } from '@forkline/event-store';
import { ReadStore, ThreadHistory } from '@forkline/read-models';
import { buildActionplanGraph } from './graphs/actionplan.graph';
import { buildReactGraph } from './graphs/react.graph';
import { buildChatGraph } from './graphs/reply.graph';
import { LogEntry, RunContext } from './graphs/run-context';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';

const GRAPHS = { chat: buildChatGraph, actionplan: buildActionplanGraph, react: buildReactGraph } satisfies Record<RunMode, unknown>;

/** The abort reason of a run the user stopped (any other abort is a shutdown: the run resumes at restart). */
export const STOPPED_BY_USER = 'stopped by user';

export interface RunExecutorDeps {
  repository: ThreadRepository;
  readStore: ReadStore;
  model: BaseChatModel;
  checkpointer: BaseCheckpointSaver;
  /** How many of the latest messages the model sees (the context window). */
  contextMessages?: number;
  /** Model attempts per message before the run is recorded as failed. */
  maxAttempts?: number;
  log: (message: string) => void;
}

/** Runs the agent graph of a message's mode until the message is answered, failed or stopped. */
export class RunExecutor {
  private readonly history: ThreadHistory;

  constructor(private readonly deps: RunExecutorDeps) {
    this.history = new ThreadHistory(deps.readStore);
  }

  async answer(threadId: string, message: PendingMessage, signal: AbortSignal): Promise<void> {
    const { repository } = this.deps;
    const runId = deterministicId(`run:${threadId}:${message.messageId}`);
    const context: CommandContext = { actor: 'agent', correlationId: message.messageId, causationId: message.messageId };
    const started = await repository.execute({ type: 'StartRun', threadId, runId, replyTo: message.messageId }, context);
    if (started.state.activeRun?.runId !== runId) return; // stopped or settled meanwhile: the caller looks again
    const mode = message.mode ?? 'chat';
    const startedAt = Date.now();
    const stats = (run: RunContext): EndOfRunStats => ({
      statId: deterministicId(`stat:${runId}`),
      mode,
      latencyMs: Date.now() - startedAt,
      ...run.usage,
    });
    const replyId = deterministicId(`reply:${runId}`);
    const maxAttempts = this.deps.maxAttempts ?? 3;
    await this.startForkAtSource(threadId);
    for (let attempt = 1; ; attempt++) {
      const run = await this.runContext(threadId, runId, context);
      run.recordReply = async (content) => {
        const base = { threadId, runId, replyTo: message.messageId, messageId: replyId, content, stats: stats(run) };
        let outcome = await repository.execute({ type: 'CompleteRun', ...base }, context);
        // Stopped just as it finished: the whole answer is kept as the stopped run's partial one.
        if (outcome.events.length === 0) outcome = await repository.execute({ type: 'RecordPartialReply', ...base }, context);
        return outcome.events[0]?.data.eventNumber ?? outcome.state.head;
      };
      try {
        const graph = GRAPHS[mode](run, this.deps.checkpointer);
        const input = { messages: await this.conversationUpTo(threadId, message.eventNumber), threadEventNumber: message.eventNumber };
        // One checkpoint per run, at its end: the event log, not LangGraph, is what resumes an interrupted run.
        await graph.invoke(input, { configurable: { thread_id: threadId }, signal, durability: 'exit' });
        return;
      } catch (error) {
        if (signal.aborted && signal.reason === STOPPED_BY_USER) {
          if (run.partial.text) {
            await repository.execute(
              {
                type: 'RecordPartialReply',
                threadId,
                runId,
                replyTo: message.messageId,
                messageId: replyId,
                content: run.partial.text,
                stats: stats(run),
              },
              context,
            );
          }
          return;
        }
        if (signal.aborted) throw error;
        this.deps.log(`agent: run ${runId} attempt ${attempt} failed: ${error}`);
        await run.log({ level: 'error', message: `attempt ${attempt} of ${maxAttempts} failed: ${(error as Error).message ?? error}` });
        if (attempt >= maxAttempts) {
          await repository.execute(
            { type: 'FailRun', threadId, runId, replyTo: message.messageId, error: String(error), stats: stats(run) },
            context,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async runContext(threadId: string, runId: string, context: CommandContext): Promise<RunContext> {
    const log = async ({ level = 'info', ...entry }: LogEntry) => {
      await this.deps.repository.execute({ type: 'RecordLog', threadId, runId, logId: randomUUID(), level, ...entry }, context);
    };
    return {
      model: this.deps.model,
      documents: await this.documents(threadId),
      log,
      recordReply: async () => -1,
      partial: { text: '' },
      usage: { inputTokens: 0, outputTokens: 0 },
    };
  }

  /**
   * A fork's first run starts from its source's checkpoint at the fork point, referenced rather than
   * copied. Checked once per run, and only for forks (the read model says which) without checkpoints.
   */
  private async startForkAtSource(threadId: string): Promise<void> {
    const saver = this.deps.checkpointer;
    if (!(saver instanceof EventSourcedCheckpointSaver)) return;
    const thread = await this.deps.readStore.getThread(threadId);
    if (!thread?.parent_thread_id || (await saver.getTuple({ configurable: { thread_id: threadId } }))) return;
    const segments = await this.history.segments(thread);
    const source = segments && (await this.history.latestCheckpoint(segments.slice(0, -1)));
    if (source) await saver.forkFrom(threadId, { threadId: source.thread_id, checkpointId: source.checkpoint_id }, source.event_number);
  }

  private async documents(threadId: string): Promise<AttachedFile[]> {
    const rows = await this.deps.readStore.query('documents', { thread_id: threadId }, { orderBy: 'event_number' });
    return rows.map((r) => ({ id: r.document_id, name: r.name, content: r.content ?? undefined }));
  }

  /**
   * The read models are read here because the inbox entry that woke this run was committed in the
   * same transaction as the messages it refers to: they are never behind the message being answered.
   */
  private async conversationUpTo(threadId: string, eventNumber: number): Promise<BaseMessage[]> {
    const messages = await this.history.messagesOf(threadId, eventNumber, this.deps.contextMessages ?? 100);
    return messages.map((m) => (m.role === 'user' ? new HumanMessage(m.content) : new AIMessage(m.content)));
  }
}
