import { deterministicId, ThreadEvent } from '@forkline/domain';
import { FeedItem } from '../../../infrastructure/thread-feed/feed-cursor';
import { DifyUsage } from './chat-message.dto';

/** One /v1 chat turn: the user message sent, and the run (task) that answers it. */
export interface ChatTurn {
  conversationId: string;
  /** The thread the turn runs in (the conversation's root thread, or one of its branches). */
  threadId: string;
  agentId: string;
  /** The user message. */
  messageId: string;
  /** The run answering it: Dify's task_id and workflow_run_id. */
  taskId: string;
  /** The answer's message id (Dify's message_id). */
  replyId: string;
  /** Epoch seconds the message was sent. */
  createdAt: number;
  inputs: Record<string, unknown>;
  /** Answered from this annotation, without the model (Dify's metadata.annotation_reply). */
  annotationReply?: AnnotationReplyMetadata;
}

export interface AnnotationReplyMetadata {
  id: string;
  account: { id: string; name: string };
}

export type TurnOutcome = { status: 'succeeded' | 'stopped' } | { status: 'failed'; error: string };
type Chunk = Record<string, unknown>;

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const PRICE = { unit_price: '0', price_unit: '0.001', price: '0' };

/**
 * A turn's feed (its thread's durable events and live run records) as Dify's stream chunks: node_started and
 * node_finished per graph node, a `message` per answer delta; once the run is over, `outcome` is set and `end()` gives
 * message_end and workflow_finished (Dify's newest order), or workflow_finished(failed) and an `error`.
 */
export class TurnChunks {
  answer = '';
  outcome: TurnOutcome | null = null;
  private usage = { input: 0, output: 0, latencyMs: 0 };
  private steps = 0;
  private previousNode: string | null = null;
  private readonly nodes = new Map<string, { id: string; index: number; createdAt: number; predecessor: string | null }>();

  constructor(private readonly turn: ChatTurn) {}

  /** The fields every chunk of the turn carries. */
  private base(event: string): Chunk {
    const { conversationId, replyId, createdAt, taskId } = this.turn;
    return { event, conversation_id: conversationId, message_id: replyId, created_at: createdAt, task_id: taskId };
  }

  started(): Chunk {
    const { taskId, agentId, inputs, createdAt } = this.turn;
    return {
      ...this.base('workflow_started'),
      workflow_run_id: taskId,
      data: { id: taskId, workflow_id: agentId, inputs, created_at: createdAt, reason: 'initial' },
    };
  }

  /** The chunks of a batch of the feed; the turn's own records and events only. */
  take(items: FeedItem[]): Chunk[] {
    const chunks: Chunk[] = [];
    for (const item of items) {
      if (this.outcome) break;
      const chunk =
        item.kind === 'live' ? this.live(item.record) : this.durable({ type: item.event.type, data: item.event.data } as ThreadEvent);
      if (chunk) chunks.push(chunk);
    }
    return chunks;
  }

  private live(record: Extract<FeedItem, { kind: 'live' }>['record']): Chunk | null {
    const { taskId, replyId } = this.turn;
    if (record.runId !== taskId) return null;
    const data = record.data;
    if (record.type === 'token_delta') {
      if (data.reset) return ((this.answer = ''), { ...this.base('message_replace'), answer: '', reason: 'tool_round' });
      this.answer += String(data.text ?? '');
      return { ...this.base('message'), id: replyId, answer: String(data.text ?? ''), from_variable_selector: null };
    }
    if (record.type === 'run_started' && Number(data.attempt) > 1) {
      // A new attempt answers afresh: what the earlier one streamed is replaced.
      this.answer = '';
      return { ...this.base('message_replace'), answer: '', reason: 'retry' };
    }
    if (record.type === 'node_started') return this.nodeStarted(String(data.node), record.seq, seconds(record.at));
    if (record.type === 'node_finished') return this.nodeFinished(String(data.node), data, seconds(record.at));
    if (record.type === 'run_ended' && data.status === 'stopped') this.outcome = { status: 'stopped' };
    return null;
  }

  private durable(event: ThreadEvent): Chunk | null {
    const { messageId, taskId } = this.turn;
    const mine = 'replyTo' in event.data && event.data.replyTo === messageId;
    if (event.type === 'AssistantMessageAdded' && mine) {
      this.answer = event.data.content;
      // An annotation's answer streams as one delta: no model streamed it.
      if (this.turn.annotationReply)
        return { ...this.base('message'), id: this.turn.replyId, answer: this.answer, from_variable_selector: null };
    }
    if (event.type === 'StatRecorded' && event.data.runId === taskId)
      this.usage = { input: event.data.inputTokens, output: event.data.outputTokens, latencyMs: event.data.latencyMs };
    if (event.type === 'RunCompleted' && mine) this.outcome = { status: 'succeeded' };
    if (event.type === 'RunFailed' && mine) this.outcome = { status: 'failed', error: event.data.error };
    // Stopped before its run began: no run records to wait for. A run stopped while running ends with its run_ended,
    // once its partial answer is recorded.
    if (event.type === 'RunStopped' && mine && event.data.runId === null) this.outcome = { status: 'stopped' };
    if (event.type === 'ThreadDeleted') this.outcome = { status: 'failed', error: 'The conversation was deleted.' };
    return null;
  }

  private nodeStarted(node: string, seq: number, at: number): Chunk {
    const started = {
      id: deterministicId(`node:${this.turn.taskId}:${seq}`),
      index: ++this.steps,
      createdAt: at,
      predecessor: this.previousNode,
    };
    this.nodes.set(node, started);
    return { ...this.base('node_started'), workflow_run_id: this.turn.taskId, data: { ...this.nodeData(node, started), extras: {} } };
  }

  private nodeFinished(node: string, data: Record<string, unknown>, at: number): Chunk {
    const started = this.nodes.get(node) ?? {
      id: deterministicId(`node:${this.turn.taskId}:${node}`),
      index: ++this.steps,
      createdAt: at,
      predecessor: null,
    };
    this.previousNode = node;
    const tokens = (Number(data.input_tokens) || 0) + (Number(data.output_tokens) || 0);
    return {
      ...this.base('node_finished'),
      workflow_run_id: this.turn.taskId,
      data: {
        ...this.nodeData(node, started),
        process_data: null,
        outputs: null,
        status: data.status === 'failed' ? 'failed' : 'succeeded',
        error: data.status === 'failed' ? `node ${node} failed` : null,
        elapsed_time: (Number(data.duration_ms) || 0) / 1000,
        execution_metadata: tokens ? { total_tokens: tokens } : null,
        finished_at: at,
        files: [],
      },
    };
  }

  private nodeData(node: string, started: { id: string; index: number; createdAt: number; predecessor: string | null }) {
    return {
      id: started.id,
      node_id: node,
      node_type: node,
      title: node,
      index: started.index,
      predecessor_node_id: started.predecessor,
      inputs: null,
      created_at: started.createdAt,
      iteration_id: null,
      loop_id: null,
    };
  }

  /** Dify's usage block from the run's stats (prices: Forkline does not price, so they are zero). */
  usageBlock(): DifyUsage {
    const { input, output, latencyMs } = this.usage;
    const priced = (side: string) => ({
      [`${side}_unit_price`]: PRICE.unit_price,
      [`${side}_price_unit`]: PRICE.price_unit,
      [`${side}_price`]: PRICE.price,
    });
    return {
      prompt_tokens: input,
      ...priced('prompt'),
      completion_tokens: output,
      ...priced('completion'),
      total_tokens: input + output,
      total_price: '0',
      currency: 'USD',
      latency: latencyMs / 1000,
    } as DifyUsage;
  }

  /** message_end's (and the blocking answer's) metadata. */
  metadata(): { usage: DifyUsage; retriever_resources: unknown[]; annotation_reply?: AnnotationReplyMetadata } {
    const annotation = this.turn.annotationReply;
    return { usage: this.usageBlock(), retriever_resources: [], ...(annotation && { annotation_reply: annotation }) };
  }

  /** The chunks that end the stream, once `outcome` is set. */
  end(now = Math.floor(Date.now() / 1000)): Chunk[] {
    const outcome = this.outcome ?? { status: 'failed', error: 'The answer broke off.' };
    const { taskId, agentId, createdAt, replyId, conversationId } = this.turn;
    const finished = {
      ...this.base('workflow_finished'),
      workflow_run_id: taskId,
      data: {
        id: taskId,
        workflow_id: agentId,
        status: outcome.status,
        outputs: outcome.status === 'failed' ? null : { answer: this.answer },
        error: outcome.status === 'failed' ? outcome.error : null,
        elapsed_time: this.usage.latencyMs / 1000,
        total_tokens: this.usage.input + this.usage.output,
        total_steps: this.steps,
        created_at: createdAt,
        finished_at: now,
        exceptions_count: 0,
        files: [],
      },
    };
    if (outcome.status === 'failed') {
      // Dify's converter sends no task_id on an error chunk.
      const error = { event: 'error', conversation_id: conversationId, message_id: replyId, created_at: createdAt };
      return [finished, { ...error, code: 'completion_request_error', status: 400, message: outcome.error }];
    }
    const messageEnd = {
      ...this.base('message_end'),
      id: replyId,
      metadata: this.metadata(),
      files: [],
    };
    return [messageEnd, finished];
  }
}
