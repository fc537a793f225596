import { LiveRecordStore, LiveRecordType, NewLiveRecord } from '@forkline/event-store';
import { lastStoredAttempt } from './live-attempts';

/** What a run's live records say about it. */
export interface LiveRunInfo {
  threadId: string;
  runId: string;
  mode: string;
  replyTo: string;
  agentId?: string;
  agentVersion?: number;
}

export interface LiveRunOptions {
  /** At most one token_delta record per this many ms (default 50). */
  batchMs?: number;
  log?: (message: string) => void;
  /** Whether the run may still write (its worker holds its lease); records emitted once it may not are dropped. */
  held?: () => boolean;
  /** The run was started just now: it has no earlier attempts, so its first attempt is 1 without reading the store. */
  fresh?: boolean;
}

/** At most this much of a tool's output goes into its tool_result record (the model still gets all of it). */
export const TOOL_OUTPUT_CHARS = 4000;

/**
 * Emits one run's live records: writes are queued and stored in order, one append per macrotask's batch; answer text is
 * buffered (one record per `batchMs`) and flushed at every node boundary. A failed write is logged and dropped:
 * live records are a companion of the run, never a reason for it to fail.
 */
export class LiveRun {
  private readonly batchMs: number;
  private readonly log: (message: string) => void;
  private readonly held: () => boolean;
  private attempt?: number;
  private pending: NewLiveRecord[] = [];
  private draining?: Promise<void>;
  /** Starts the scheduled write now instead of at the end of the macrotask. */
  private writeNow?: () => void;
  private text = '';
  private textTimer?: NodeJS.Timeout;
  /** Answer text sent in this attempt's current visible stream: a new stream replacing it says so. */
  private answerSent = false;
  private discarded = false;
  /** How the reply was recorded: a run stopped just as it finished keeps its whole answer as a stopped run's. */
  replyStatus: 'completed' | 'stopped' = 'completed';

  constructor(
    private readonly store: LiveRecordStore | undefined,
    private readonly info: LiveRunInfo,
    options: LiveRunOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 50;
    this.log = options.log ?? console.error;
    this.held = options.held ?? (() => true);
    if (options.fresh) this.attempt = 0;
  }

  /** A new attempt: the first after a restart counts the attempts the run's records already show. */
  async attemptStarted(): Promise<number> {
    this.attempt = (this.attempt ?? (await this.storedAttempt())) + 1;
    this.text = '';
    clearTimeout(this.textTimer);
    this.textTimer = undefined;
    this.answerSent = false;
    const { agentId, agentVersion, mode, replyTo } = this.info;
    this.emit('run_started', {
      ...(agentId !== undefined && { agent_id: agentId }),
      ...(agentVersion !== undefined && { agent_version: agentVersion }),
      attempt: this.attempt,
      mode,
      reply_to: replyTo,
    });
    return this.attempt;
  }

  nodeStarted(node: string, step?: number): void {
    this.emit('node_started', { node, ...(step !== undefined && { step }) });
  }

  nodeFinished(node: string, status: 'success' | 'failed', durationMs: number, tokens?: { input: number; output: number }): void {
    const counted = tokens && (tokens.input > 0 || tokens.output > 0);
    this.emit('node_finished', {
      node,
      status,
      duration_ms: durationMs,
      ...(counted && { input_tokens: tokens.input, output_tokens: tokens.output }),
    });
  }

  /**
   * A visible model stream begins: it replaces what an earlier one of this attempt streamed (a React round that
   * called tools). A `token_delta` with `reset: true` tells followers to drop the answer text they have so far.
   */
  answerStarted(): void {
    const sent = this.answerSent;
    this.text = ''; // not sent yet: replaced before anyone saw it
    this.answerSent = false;
    if (sent) this.emit('token_delta', { text: '', reset: true });
  }

  /** Answer text as the model streams it; stored with the next batch. */
  delta(text: string): void {
    if (!text) return;
    this.text += text;
    if (!this.textTimer) {
      this.textTimer = setTimeout(() => this.flushText(), this.batchMs);
      this.textTimer.unref();
    }
  }

  toolCall(toolCallId: string, name: string, args: unknown): void {
    this.emit('tool_call', { tool_call_id: toolCallId, name, args });
  }

  /** The output is cut at TOOL_OUTPUT_CHARS (`truncated: true`): a tool may return a whole document. */
  toolResult(toolCallId: string, name: string, output: string): void {
    const truncated = output.length > TOOL_OUTPUT_CHARS;
    this.emit('tool_result', {
      tool_call_id: toolCallId,
      name,
      output: truncated ? output.slice(0, TOOL_OUTPUT_CHARS) : output,
      ...(truncated && { truncated: true }),
    });
  }

  /** Resolves once everything emitted so far is stored (or failed and logged): before the durable reply is appended. */
  async flush(): Promise<void> {
    this.flushText();
    this.writeNow?.(); // waited for: a busy event loop would add its whole turn to the run's latency
    while (this.draining) await this.draining;
  }

  /** Drops what is not stored yet and stores nothing more: the run's thread is gone. */
  discard(): void {
    clearTimeout(this.textTimer);
    this.textTimer = undefined;
    this.text = '';
    this.pending = [];
    this.discarded = true;
  }

  /** The run is over; called after its durable end event is appended. */
  async ended(status: 'completed' | 'failed' | 'stopped', details: { messageId?: string; error?: string } = {}): Promise<void> {
    const { messageId, error } = details;
    this.emit('run_ended', { status, ...(messageId && { message_id: messageId }), ...(error && { error }) });
    await this.flush();
  }

  private emit(type: LiveRecordType, data: Record<string, unknown>): void {
    if (type !== 'token_delta') this.flushText();
    if (!this.store || this.discarded) return;
    this.pending.push({ runId: this.info.runId, type, data });
    this.draining ??= this.drain();
  }

  private flushText(): void {
    clearTimeout(this.textTimer);
    this.textTimer = undefined;
    if (!this.text) return;
    const text = this.text;
    this.text = '';
    this.answerSent = true;
    this.emit('token_delta', { text });
  }

  private async storedAttempt(): Promise<number> {
    if (!this.store) return 0;
    try {
      return await lastStoredAttempt(this.store, this.info.threadId, this.info.runId);
    } catch (error) {
      this.log(`agent: run ${this.info.runId}: cannot read its earlier live records: ${error}`);
      return 0;
    }
  }

  private async drain(): Promise<void> {
    // Records emitted in the same macrotask go in one append (a run with a fast model emits a node's start, text and
    // end within one), or up to a flush; never done synchronously, so `draining` is set before the loop below clears it.
    await new Promise<void>((resolve) => {
      this.writeNow = resolve;
      setImmediate(resolve);
    });
    this.writeNow = undefined;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      if (!this.held()) continue; // another worker took the run over: its attempt alone writes from here
      try {
        await this.store!.append(this.info.threadId, batch);
      } catch (error) {
        this.log(`agent: run ${this.info.runId}: ${batch.length} live records not stored: ${error}`);
      }
    }
    this.draining = undefined;
  }
}
