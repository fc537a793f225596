import { runIdFor, ThreadEvent } from '@forkline/domain';
import { LiveRecord } from '@forkline/event-store';
import { FeedItem } from '../../infrastructure/thread-feed/feed-cursor';
import { ActivitySummary, event, ExecutionEvent } from './execution-event';

/** What a run did so far, counted from its records and events. */
interface RunActivity {
  startedAt?: string;
  answer?: string;
  steps: number;
  tokens: number;
  llmCalls: number;
  tools: number;
  over: boolean;
}

/** Runs of a thread whose activity is kept at most (a thread's runs are one at a time, plus its queued messages). */
const KEPT_RUNS = 1000;

/** The final answer of a completed run when its AssistantMessageAdded came before the follower started. */
export type AnswerLookup = (threadId: string, runId: string) => Promise<string>;

/**
 * Turns one thread's feed (durable events and live records, in the feed's order) into execution events. One per followed
 * thread, shared by all its sockets: each item is translated once.
 */
export class ExecutionEvents {
  private readonly runs = new Map<string, RunActivity>();

  constructor(
    private readonly threadId: string,
    private readonly agentId: string,
    private readonly answerOf: AnswerLookup,
  ) {}

  async translate(items: FeedItem[]): Promise<ExecutionEvent[]> {
    const out: ExecutionEvent[] = [];
    for (const item of items) {
      if (item.kind === 'live') out.push(...this.live(item.record));
      else out.push(...(await this.durable(item.event.type, item.event.data as ThreadEvent['data'], item.event.metadata.occurredAt)));
    }
    return out;
  }

  private run(runId: string): RunActivity {
    let run = this.runs.get(runId);
    if (run) return run;
    // Runs are forgotten at their run_ended; those that never had one (stopped before they started) go oldest first.
    if (this.runs.size >= KEPT_RUNS) for (const [id, old] of this.runs) if (old.over && this.runs.delete(id)) break;
    this.runs.set(runId, (run = { steps: 0, tokens: 0, llmCalls: 0, tools: 0, over: false }));
    return run;
  }

  /** execution_started once per run, from whichever comes first: the durable RunStarted or the attempt's first record. */
  private started(runId: string, at: string): ExecutionEvent[] {
    const run = this.run(runId);
    if (run.startedAt !== undefined) return [];
    run.startedAt = at;
    return [event('execution_started', runId, at, { workflow_id: this.agentId })];
  }

  private live(r: LiveRecord): ExecutionEvent[] {
    // The run's last record (it comes after its durable end): nothing more of it to count.
    if (r.type === 'run_ended') return (void this.runs.delete(r.runId), []);
    const d = r.data;
    const node = String(d.node ?? 'agent');
    const run = this.run(r.runId);
    if (run.over) return [];
    const status = (fields: Record<string, unknown>) => event('node_status', r.runId, r.at, fields);
    switch (r.type) {
      case 'run_started':
        return this.started(r.runId, r.at);
      case 'node_started':
        return [status({ node_id: node, status: 'running', component_type: node, display_name: String(d.step ?? node) })];
      case 'node_finished': {
        const input = Number(d.input_tokens ?? 0);
        const output = Number(d.output_tokens ?? 0);
        run.steps++;
        const usage = d.input_tokens !== undefined || d.output_tokens !== undefined;
        if (usage) run.llmCalls++;
        return [
          status({
            node_id: node,
            status: d.status === 'failed' ? 'failed' : 'success',
            component_type: node,
            display_name: String(d.step ?? node),
            duration_ms: Number(d.duration_ms ?? 0),
            ...(usage && { token_usage: { input_tokens: input, output_tokens: output, total_tokens: input + output } }),
          }),
        ];
      }
      case 'tool_call':
        run.tools++;
        return [
          status({
            node_id: `tool:${d.tool_call_id}`,
            status: 'running',
            component_type: 'tool',
            display_name: d.name,
            tool_name: d.name,
            is_tool_call: true,
          }),
        ];
      case 'tool_result':
        return [
          status({
            node_id: `tool:${d.tool_call_id}`,
            status: 'success',
            component_type: 'tool',
            display_name: d.name,
            tool_name: d.name,
            is_tool_call: true,
            output: d.output,
          }),
        ];
      case 'token_delta':
        return [event('token', r.runId, r.at, { text: d.text, ...(d.reset === true && { reset: true }) })];
      default:
        return [];
    }
  }

  private async durable(type: string, data: ThreadEvent['data'], at: string): Promise<ExecutionEvent[]> {
    const d = data as Record<string, unknown>;
    const runId = typeof d.replyTo === 'string' ? runIdFor(this.threadId, d.replyTo) : typeof d.runId === 'string' ? d.runId : null;
    if (type === 'MessageDeleted') return this.deleted(runIdFor(this.threadId, String(d.messageId)), at);
    if (type === 'UserMessageAdded') return (void this.run(runIdFor(this.threadId, String(d.messageId))), []);
    if (!runId) return [];
    const run = this.run(runId);
    switch (type) {
      case 'RunStarted':
        return this.started(runId, at);
      case 'AssistantMessageAdded':
        if (!d.stopped) run.answer = String(d.content);
        return [];
      case 'StatRecorded':
        run.tokens += Number(d.inputTokens ?? 0) + Number(d.outputTokens ?? 0);
        return [];
      case 'LogRecorded':
        // A plan step's text: what the agent says while it works.
        return d.step === undefined ? [] : [event('chat_message', runId, at, { text: String(d.message), node_id: String(d.step) })];
      case 'RunCompleted': {
        run.over = true;
        const message = run.answer ?? (await this.answerOf(this.threadId, runId));
        return [event('execution_completed', runId, at, { output: { message }, activity_summary: this.summary(run, at) })];
      }
      case 'RunFailed':
        run.over = true;
        return [event('execution_failed', runId, at, { error: String(d.error) })];
      case 'RunStopped':
        run.over = true;
        return [event('execution_cancelled', runId, at, {})];
      default:
        return [];
    }
  }

  /** A message deleted before its run ended: that execution is cancelled (a deleted answer names no known run). */
  private deleted(runId: string, at: string): ExecutionEvent[] {
    const run = this.runs.get(runId);
    if (!run || run.over) return [];
    run.over = true;
    return [event('execution_cancelled', runId, at, {})];
  }

  private summary(run: RunActivity, endedAt: string): ActivitySummary {
    return {
      total_steps: run.steps,
      total_duration_ms: run.startedAt ? Math.max(0, Date.parse(endedAt) - Date.parse(run.startedAt)) : 0,
      total_tokens: run.tokens,
      total_cost_usd: 0,
      llm_calls: Math.max(run.llmCalls, run.tokens > 0 ? 1 : 0),
      tool_invocations: run.tools,
    };
  }
}
