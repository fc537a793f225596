import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { randomUUID } from 'crypto';
import { AttachedFile, EndOfRunStats, PendingMessage } from '@forkline/domain';
import { AgentRepository, deterministicId, LiveRecordStore, ThreadRepository, ThreadWrite } from '@forkline/event-store';
import { ReadStore, ThreadHistory } from '@forkline/read-models';
import { runGraph } from './graphs/run-graphs';
import { leanReply } from './graphs/lean-reply';
import { installLeanRunnableContext } from './graphs/lean-runnable-context';
import { LogEntry, resetAttempt, RunContext } from './graphs/run-context';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { HeldHistory, RunState } from './run-state';
import { INPUT_EVENT_KEY } from '@forkline/domain';
import { providerErrorText } from './provider-error-text';
import { LiveRun } from './live-run';
import { abortOnAny } from './abort-on-any';
import { LEASE_LOST } from './leases/lease';
import { RunLeases } from './leases/run-leases';
import { Run, RunClaims } from './run-claims';

/** The abort reason of a run the user stopped (any other abort is a shutdown: the run resumes at restart). */
export const STOPPED_BY_USER = 'stopped by user';
/** Model attempts per message before the run is recorded as failed. */
export const MAX_ATTEMPTS = 3;
/** Characters of conversation a model call gets by default (AGENT_CONTEXT_CHARS). */
export const DEFAULT_CONTEXT_CHARS = 200_000;
/** The pause after failed attempt n is n times this. */
const RETRY_BACKOFF_MS = 200;

export interface RunExecutorDeps {
  repository: ThreadRepository;
  readStore: ReadStore;
  history: ThreadHistory;
  model: BaseChatModel;
  /** Saves the graphs' checkpoints, and starts a fork's first run from its source's checkpoint. */
  checkpointer: EventSourcedCheckpointSaver;
  /** How many of the latest messages the model sees (the context window). */
  contextMessages?: number;
  /** At most this many characters of conversation go to the model (the newest messages that fit). */
  contextChars?: number;
  /** Where runs write their live records (none: they write none). */
  liveRecords?: LiveRecordStore;
  log: (message: string) => void;
  /** Where a thread's agent is read (its mode, model, system prompt and tools); without it every run answers as before agents. */
  agents?: AgentRepository;
  /** The chat model an agent names (built once per name); an agent without one answers with `model`. */
  models?: (model: string) => Promise<BaseChatModel>;
  /** Who runs which run: every process's executor shares the store's leases. */
  leases: RunLeases;
  /** This worker (one per process): a random id by default. */
  workerId?: string;
  /** What the conversations this process's runs last saw may weigh (approximateBytes; AGENT_CACHE_MB). */
  cacheBytes?: number;
  /** Chat runs through LangGraph's pregel loop even where the lean reply (graphs/lean-reply) stores the same: to compare. */
  pregelReplies?: boolean;
}

/** Runs the agent graph of a message's mode until the message is answered, failed or stopped. */
export class RunExecutor {
  readonly workerId: string;
  private readonly claims: RunClaims;
  private readonly state: RunState;

  constructor(private readonly deps: RunExecutorDeps) {
    installLeanRunnableContext();
    this.workerId = deps.workerId ?? randomUUID();
    this.claims = new RunClaims({ ...deps, workerId: this.workerId });
    this.state = new RunState(deps);
  }

  /**
   * Answers the message if this worker can claim its run; resolves `retryAt` (when to look again) while another
   * worker holds it, or when this attempt lost its lease (another worker takes the run over, or may).
   */
  async answer(threadId: string, message: PendingMessage, signal: AbortSignal): Promise<{ retryAt: number } | void> {
    const claimed = await this.claims.claim(threadId, message);
    if (!claimed || !('lease' in claimed)) return claimed ?? undefined; // held elsewhere, or stopped or settled meanwhile
    const run = claimed;
    const attempts = abortOnAny([signal, run.lease.signal]);
    try {
      return await this.execute(run, signal, attempts.signal);
    } finally {
      attempts.dispose();
      run.lease.stop();
    }
  }

  /** `signal` aborts on a stop or shutdown (`stop`) and when the lease is lost. */
  private async execute(run: Run, stop: AbortSignal, signal: AbortSignal): Promise<{ retryAt: number } | void> {
    const { lease } = run;
    const ctx = await this.runContext(run);
    let prepared = false;
    for (let attempt = 1; ; attempt++) {
      try {
        await ctx.live.attemptStarted();
        // The first attempt starts from the history the wait read; a retry reads it again.
        let held: HeldHistory | undefined;
        if (!prepared) {
          held = await this.state.readModelsHold(run.threadId, run.message, signal);
          await this.state.startForkAtSource(run.threadId, held.thread);
          prepared = true;
        }
        await this.attempt(run, ctx, signal, held);
        return await ctx.live.ended(ctx.live.replyStatus, { messageId: run.replyId });
      } catch (error) {
        // Another worker runs it now, or may: this attempt writes nothing more; this worker looks again a lease later.
        if (lease.lost) return { retryAt: Date.now() + this.deps.leases.leaseMs };
        if (stop.aborted && stop.reason === STOPPED_BY_USER) return this.keepPartialReply(run, ctx);
        if (stop.aborted) {
          await ctx.live.flush(); // a shutdown: the run resumes at restart (or in another process) as its next attempt
          await lease.release();
          throw error;
        }
        await this.recordFailedAttempt(run, ctx, attempt, error);
        if (attempt >= MAX_ATTEMPTS) return this.failRun(run, ctx, error);
        await new Promise((r) => setTimeout(r, RETRY_BACKOFF_MS * attempt));
      }
    }
  }

  /** One model attempt: the graph of the run's mode over the conversation up to the message. */
  private async attempt(run: Run, ctx: RunContext, signal: AbortSignal, held?: HeldHistory): Promise<void> {
    resetAttempt(ctx);
    const definition = run.agent?.definition;
    ctx.model = definition?.model && this.deps.models ? await this.deps.models(definition.model) : this.deps.model;
    ctx.tools = definition?.tools ?? undefined;
    ctx.prompt = {
      systemPrompt: definition?.systemPrompt ?? undefined,
      contextMessages: this.deps.contextMessages ?? 100,
      contextChars: this.deps.contextChars ?? DEFAULT_CONTEXT_CHARS,
    };
    const { saved, messages } = await this.state.start(run.threadId, run.message, held);
    const input = { messages, threadEventNumber: run.message.eventNumber };
    // One checkpoint per run, at its end: the event log, not LangGraph, is what resumes an interrupted run. When the input
    // adds messages it keeps the one answered: the state before the run (LangGraph's other checkpoints) is derived from it.
    const answered = input.messages.length > 0 ? { [INPUT_EVENT_KEY]: run.message.eventNumber } : {};
    const configurable = { thread_id: run.threadId, ...answered };
    if (run.mode === 'chat' && !this.deps.pregelReplies) return leanReply(ctx, this.deps.checkpointer, saved, input, configurable, signal);
    await runGraph(run.mode, ctx, this.deps.checkpointer).invoke(input, { configurable, signal, durability: 'exit' });
  }

  private async runContext(run: Run): Promise<RunContext> {
    const log = async ({ level = 'info', ...entry }: LogEntry) => {
      await this.deps.repository.execute(
        { type: 'RecordLog', threadId: run.threadId, runId: run.runId, logId: randomUUID(), level, ...entry, claim: run.claim },
        run.context,
      );
    };
    let documents: Promise<AttachedFile[]> | undefined;
    const ctx: RunContext = {
      model: this.deps.model,
      documents: () => (documents ??= this.documents(run.threadId)),
      log,
      recordReply: (content, write) => this.recordReply(run, ctx, content, write),
      partial: { text: '' },
      usage: { inputTokens: 0, outputTokens: 0 },
      live: this.liveRun(run),
      prompt: { contextMessages: 0, contextChars: 0 }, // set by each attempt
      replyId: run.replyId,
    };
    return ctx;
  }

  private liveRun(run: Run): LiveRun {
    const { threadId, runId, mode, message, agent } = run;
    const info = { threadId, runId, mode, replyTo: message.messageId, agentId: agent?.agentId, agentVersion: agent?.version };
    // Only while the lease holds: a worker that lost the run never writes into the attempt that took it over.
    const options = { log: this.deps.log, held: () => run.lease.held(), fresh: run.fresh };
    return new LiveRun(this.deps.liveRecords, info, options);
  }

  private async recordReply(run: Run, ctx: RunContext, content: string, write?: ThreadWrite): Promise<number> {
    const reply = this.reply(run, ctx, content);
    await ctx.live.flush(); // the answer's deltas are stored before the answer itself
    let outcome = await this.deps.repository.execute({ type: 'CompleteRun', ...reply }, run.context, write);
    const { activeRun, stoppedRun } = outcome.state;
    const holder = activeRun?.runId === run.runId ? activeRun.claim : stoppedRun?.runId === run.runId ? stoppedRun.claim : undefined;
    if (outcome.events.length === 0 && holder && (holder.workerId !== run.claim.workerId || holder.attempt !== run.claim.attempt)) {
      run.lease.lose('the thread names another attempt of it');
      throw new Error(LEASE_LOST);
    }
    // Stopped just as it finished: the whole answer is kept as the stopped run's partial one.
    if (outcome.events.length === 0) {
      ctx.live.replyStatus = 'stopped';
      outcome = await this.deps.repository.execute({ type: 'RecordPartialReply', ...reply }, run.context, write);
    }
    return outcome.events[0]?.data.eventNumber ?? outcome.state.head;
  }

  /** The user stopped the run: what it streamed so far, if anything, becomes its reply. */
  private async keepPartialReply(run: Run, ctx: RunContext): Promise<void> {
    // Stopped by the thread's deletion: nothing is kept, and no live record is written for a thread that is gone.
    if (!(await this.deps.repository.load(run.threadId)).state.exists) return ctx.live.discard();
    await ctx.live.flush();
    if (ctx.partial.text)
      await this.deps.repository.execute({ type: 'RecordPartialReply', ...this.reply(run, ctx, ctx.partial.text) }, run.context);
    await ctx.live.ended('stopped', { messageId: ctx.partial.text ? run.replyId : undefined });
  }

  private async recordFailedAttempt(run: Run, ctx: RunContext, attempt: number, error: unknown): Promise<void> {
    // The server log keeps the provider's full text; what users read has its hosts and URLs taken out.
    this.deps.log(`agent: run ${run.runId} attempt ${attempt} failed: ${error}`);
    await ctx.log({ level: 'error', message: `attempt ${attempt} of ${MAX_ATTEMPTS} failed: ${providerErrorText(error)}` });
  }

  private async failRun(run: Run, ctx: RunContext, error: unknown): Promise<void> {
    const { threadId, runId, message } = run;
    await this.deps.repository.execute(
      {
        type: 'FailRun',
        threadId,
        runId,
        replyTo: message.messageId,
        error: providerErrorText(error),
        stats: this.stats(run, ctx),
        claim: run.claim,
      },
      run.context,
    );
    await ctx.live.ended('failed', { error: providerErrorText(error) });
  }

  private reply(run: Run, ctx: RunContext, content: string) {
    const { threadId, runId, message, replyId, claim } = run;
    return { threadId, runId, replyTo: message.messageId, messageId: replyId, content, stats: this.stats(run, ctx), claim };
  }

  private stats(run: Run, ctx: RunContext): EndOfRunStats {
    return { statId: deterministicId(`stat:${run.runId}`), mode: run.mode, latencyMs: Date.now() - run.startedAt, ...ctx.usage };
  }

  private async documents(threadId: string): Promise<AttachedFile[]> {
    const [rows, texts] = await Promise.all([
      this.deps.readStore.query('documents', { thread_id: threadId }, { orderBy: 'event_number' }),
      this.deps.readStore.query('document_texts', { thread_id: threadId }),
    ]);
    const textOf = new Map(texts.map((t) => [`${t.message_id}/${t.document_id}`, t.content]));
    return rows.map((r) => ({ id: r.document_id, name: r.name, content: textOf.get(`${r.message_id}/${r.document_id}`) }));
  }
}
