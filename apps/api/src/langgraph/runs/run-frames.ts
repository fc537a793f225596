import { LiveRecord } from '@forkline/event-store';
import { SdkMessage } from '../state/sdk-messages';
import { aiChunk } from './lg-messages';
import { LgValues } from './run-values';

/** The stream modes a run accepts (the SDK's StreamMode); those Forkline has nothing for send no frames. */
export const STREAM_MODES = [
  'values',
  'messages',
  'messages-tuple',
  'updates',
  'events',
  'debug',
  'tasks',
  'checkpoints',
  'custom',
  'tools',
  'lifecycle',
] as const;
export type StreamMode = (typeof STREAM_MODES)[number];

export interface LgFrame {
  event: string;
  data: unknown;
}

/** The run a stream shows: `threadId` is the thread as the client named it, `replyId` the id its answer will have. */
export interface StreamedRun {
  runId: string;
  threadId: string;
  replyTo: string;
  replyId: string;
}

/** The state once a message was in it (see RunValues.upTo). */
export type ValuesAt = (messageId: string) => Promise<LgValues>;

/** Which stream mode asks for a frame of this event name; null: every stream gets it. */
function modeOf(event: string): StreamMode | null {
  if (event === 'messages') return 'messages-tuple';
  if (event.startsWith('messages/')) return 'messages';
  if (event === 'values' || event === 'updates' || event === 'events') return event;
  return null;
}

/**
 * One run's live records as LangGraph's SSE frames, a record at a time, in the records' order: the same records always
 * give the same frames, so a stream can be replayed and resumed after any frame. Token deltas become `messages` tuples
 * (and `messages/partial`, `events`) under the answer's id; the attempt's start and the run's end give `values` (the
 * state), `updates` and `events`; a failure gives an `error` frame.
 */
export class RunFrames {
  private text = '';
  private step = 0;
  private node = 'agent';
  private started = false;

  constructor(
    private readonly run: StreamedRun,
    private readonly modes: ReadonlySet<StreamMode>,
    private readonly valuesAt: ValuesAt,
  ) {}

  /** The first frame of every stream. */
  metadata(): LgFrame {
    return { event: 'metadata', data: { run_id: this.run.runId, thread_id: this.run.threadId, attempt: 1 } };
  }

  /** The frames of one of the run's records (records of other runs are not its). */
  async of(record: Pick<LiveRecord, 'type' | 'data'>): Promise<LgFrame[]> {
    return this.wanted(await this.all(record));
  }

  /** The end of a run whose last live record is not there (stopped while queued, records expired): from its durable end. */
  async endedWithoutRecord(status: 'completed' | 'stopped' | 'failed', error?: string, messageId?: string): Promise<LgFrame[]> {
    return this.of({ type: 'run_ended', data: { status, ...(error && { error }), ...(messageId && { message_id: messageId }) } });
  }

  private wanted(frames: LgFrame[]): LgFrame[] {
    return frames.filter((f) => {
      const mode = modeOf(f.event);
      return mode === null || this.modes.has(mode);
    });
  }

  private async all({ type, data }: Pick<LiveRecord, 'type' | 'data'>): Promise<LgFrame[]> {
    switch (type) {
      case 'run_started':
        return this.attemptStarted();
      case 'node_started':
        this.node = String(data.node);
        this.step = typeof data.step === 'number' ? data.step : this.step + 1;
        return [this.event('on_chain_start', this.node, { input: {} })];
      case 'node_finished':
        return [this.event('on_chain_end', String(data.node), { output: { status: data.status } })];
      case 'token_delta':
        return this.delta(String(data.text ?? ''), data.reset === true);
      case 'tool_call':
        return [this.event('on_tool_start', String(data.name), { input: data.args })];
      case 'tool_result':
        return [this.event('on_tool_end', String(data.name), { output: data.output })];
      case 'run_ended':
        return this.ended(data);
      default:
        return [];
    }
  }

  /** A later attempt starts the answer again: its text restarts, the state it starts from is the same. */
  private async attemptStarted(): Promise<LgFrame[]> {
    this.text = '';
    if (this.started) return [];
    this.started = true;
    const values = await this.valuesAt(this.run.replyTo);
    return [{ event: 'values', data: values }, this.event('on_chain_start', 'LangGraph', { input: values })];
  }

  private delta(text: string, reset: boolean): LgFrame[] {
    if (reset) this.text = '';
    if (!text) return [];
    const first = this.text === '';
    this.text += text;
    const { replyId } = this.run;
    const frames: LgFrame[] = [];
    if (first) frames.push({ event: 'messages/metadata', data: { [replyId]: { metadata: this.tupleMetadata() } } });
    frames.push(
      { event: 'messages', data: [aiChunk(replyId, text), this.tupleMetadata()] },
      { event: 'messages/partial', data: [{ ...aiChunk(replyId, this.text), type: 'ai' }] },
      this.event('on_chat_model_stream', 'model', { chunk: aiChunk(replyId, text) }),
    );
    return frames;
  }

  private async ended(data: Record<string, unknown>): Promise<LgFrame[]> {
    const answerId = typeof data.message_id === 'string' ? data.message_id : undefined;
    const values = await this.valuesAt(answerId ?? this.run.replyTo);
    const answer = answerId ? values.messages.find((m: SdkMessage) => m.id === answerId) : undefined;
    const frames: LgFrame[] = [];
    if (answer) {
      frames.push({ event: 'messages/complete', data: [answer] }, { event: 'updates', data: { [this.node]: { messages: [answer] } } });
    }
    if (data.status === 'failed') {
      frames.push({ event: 'error', data: { error: 'RunError', message: String(data.error ?? 'the run failed') } });
      return frames;
    }
    frames.push({ event: 'values', data: values }, this.event('on_chain_end', 'LangGraph', { output: values }));
    return frames;
  }

  private tupleMetadata() {
    const { runId, threadId } = this.run;
    return {
      langgraph_node: this.node,
      langgraph_step: this.step,
      langgraph_checkpoint_ns: '',
      checkpoint_ns: '',
      thread_id: threadId,
      run_id: runId,
      tags: [],
      ls_provider: 'forkline',
    };
  }

  /** A `streamEvents` v2 object, as stream_mode `events` carries them. */
  private event(event: string, name: string, data: Record<string, unknown>): LgFrame {
    const { runId, threadId } = this.run;
    return { event: 'events', data: { event, name, run_id: runId, tags: [], metadata: { thread_id: threadId, run_id: runId }, data } };
  }
}
