import { Inject, Injectable } from '@nestjs/common';
import { deterministicId, endUserId } from '@forkline/domain';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { DifyError } from '../../http/dify-error';
import { difyTagOf } from '../../http/dify/conversations/dify-conversations';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { EndUserRecorder } from '../../http/dify/end-users/end-user-recorder';
import { WorkflowLogItem, WorkflowLogsQuery, WorkflowLogsResponse, WorkflowRunDetail } from './workflow-run.dto';

type RunRow = RowOf<'runs'>;
const STATUS: Record<string, string> = {
  pending: 'running',
  running: 'running',
  completed: 'succeeded',
  failed: 'failed',
  cancelled: 'stopped',
};
const seconds = (iso: string | null) => (iso ? Math.floor(Date.parse(iso) / 1000) : null);
/** How many threads up a fork's lineage a run's message is looked for (a branch of a branch of ...). */
const MAX_LINEAGE = 64;

/** A run and what its messages say: the query, the answer, and the end user who sent it through /v1 (null: the owner). */
interface RunFacts {
  run: RunRow;
  query: string;
  answer: string | null;
  inputs: Record<string, unknown>;
  endUserId: string | null;
}

/**
 * Dify's workflow runs of an app: the runs of its agent (the `runs` read model), whichever face sent their messages.
 * A run's id is the task_id and workflow_run_id /v1/chat-messages gave.
 */
@Injectable()
export class WorkflowRuns {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly endUsers: EndUserRecorder,
  ) {}

  async detail(app: DifyAppContext, runId: string): Promise<WorkflowRunDetail> {
    const [run] = await this.readStore.query('runs', { run_id: runId.toLowerCase() }, { limit: 1 });
    const thread = run?.status ? await this.readStore.getThread(run.thread_id) : null;
    if (!run || thread?.agent_id !== app.agentId || thread.owner_id !== app.ownerId)
      throw new DifyError(404, 'not_found', 'Workflow run not found.');
    const facts = await this.facts(run);
    const summary = this.summary(run);
    return {
      id: run.run_id,
      workflow_id: app.agentId,
      status: summary.status,
      inputs: { ...facts.inputs, 'sys.query': facts.query },
      outputs: facts.answer === null ? null : { answer: facts.answer },
      error: run.error,
      total_steps: summary.total_steps,
      total_tokens: summary.total_tokens,
      created_at: summary.created_at,
      finished_at: summary.finished_at,
      elapsed_time: summary.elapsed_time,
    };
  }

  /** Newest first; every filter applies before paging, so `total` counts what matches. */
  async logs(app: DifyAppContext, q: WorkflowLogsQuery): Promise<WorkflowLogsResponse> {
    const rows = await this.readStore.query('runs', { agent_id: app.agentId }, { orderBy: 'created_at', desc: true });
    const before = q.created_at__before ? Date.parse(q.created_at__before) : Infinity;
    const after = q.created_at__after ? Date.parse(q.created_at__after) : -Infinity;
    const wantedUser =
      q.created_by_end_user_session_id !== undefined ? endUserId(app.agentId, q.created_by_end_user_session_id) : undefined;
    const keyword = q.keyword?.trim().toLowerCase();
    const matching: WorkflowLogItem[] = [];
    for (const run of rows) {
      const created = Date.parse(run.created_at ?? '');
      if (!run.status || run.owner_id !== app.ownerId || !(created < before && created > after)) continue;
      if (q.status && STATUS[run.status] !== q.status) continue;
      const facts = await this.facts(run);
      if (wantedUser !== undefined && facts.endUserId !== wantedUser) continue;
      if (q.created_by_account !== undefined && (facts.endUserId !== null || q.created_by_account !== app.ownerId)) continue;
      const item = await this.logItem(app, facts);
      const haystack = [facts.query, facts.answer ?? '', item.created_by_end_user?.session_id ?? ''].join('\n').toLowerCase();
      if (keyword && !haystack.includes(keyword)) continue;
      matching.push(item);
    }
    const { page, limit } = q;
    return {
      page,
      limit,
      total: matching.length,
      has_more: page * limit < matching.length,
      data: matching.slice((page - 1) * limit, page * limit),
    };
  }

  private async logItem(app: DifyAppContext, facts: RunFacts): Promise<WorkflowLogItem> {
    const endUser = facts.endUserId ? await this.endUsers.find(app, facts.endUserId) : null;
    return {
      id: deterministicId(`workflow-log:${facts.run.run_id}`),
      workflow_run: this.summary(facts.run),
      created_from: endUser ? 'service-api' : 'forkline',
      created_by_role: endUser ? 'end_user' : 'account',
      created_by_account: endUser ? null : { id: app.ownerId, name: app.ownerId, email: '' },
      created_by_end_user: endUser && {
        id: endUser.endUserId,
        type: 'service_api',
        is_anonymous: false,
        session_id: endUser.externalUserId,
      },
      created_at: seconds(facts.run.created_at)!,
      details: null,
    };
  }

  private summary(run: RunRow) {
    const finished = seconds(run.ended_at);
    const elapsedMs = run.latency_ms ?? (run.ended_at && run.started_at ? Date.parse(run.ended_at) - Date.parse(run.started_at) : 0);
    return {
      id: run.run_id,
      version: '',
      status: STATUS[run.status ?? 'pending'] ?? 'running',
      error: run.error,
      elapsed_time: elapsedMs / 1000,
      total_tokens: (run.input_tokens ?? 0) + (run.output_tokens ?? 0),
      total_steps: run.started_at ? 1 : 0,
      created_at: seconds(run.created_at)!,
      finished_at: finished,
      exceptions_count: 0,
      triggered_from: 'app',
    };
  }

  private async facts(run: RunRow): Promise<RunFacts> {
    const message = run.reply_to ? await this.message(run.thread_id, run.reply_to) : null;
    const answer = run.answer_message_id ? await this.message(run.thread_id, run.answer_message_id) : null;
    const tag = difyTagOf(message?.metadata);
    return {
      run,
      query: message?.content ?? '',
      answer: answer?.content ?? null,
      inputs: tag?.inputs ?? {},
      endUserId: tag?.end_user_id ?? null,
    };
  }

  /** A message of the thread or, for a fork's inherited message, of the thread it was forked from. */
  private async message(threadId: string, messageId: string): Promise<RowOf<'messages'> | null> {
    for (let id: string | null = threadId, hops = 0; id && hops < MAX_LINEAGE; hops++) {
      const [found] = await this.readStore.query('messages', { thread_id: id, message_id: messageId }, { limit: 1 });
      if (found) return found;
      id = (await this.readStore.getThread(id))?.parent_thread_id ?? null;
    }
    return null;
  }
}
