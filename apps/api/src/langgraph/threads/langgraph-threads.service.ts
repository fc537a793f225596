import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { defaultAgentId, InvalidCommand, ThreadAlreadyExists, ThreadCommand, ThreadHasBranches } from '@forkline/domain';
import { AgentRepository, CommandContext, ThreadDeleter, ThreadForker, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { BranchHead, LangGraphBranches } from '../branches/langgraph-branches.service';
import { contains, LangGraphStates } from '../state/langgraph-states.service';
import { copyRow } from './copy-row';
import { copyResponse, threadResponse } from './thread-response';
import { CreateLangGraphThreadRequest, LangGraphCopyResponse, LangGraphThreadResponse, SearchLangGraphThreadsRequest } from './threads.dto';

/** LangGraph threads: Forkline threads that are no branch fork, with their metadata (events) and their branches' state. */
@Injectable()
export class LangGraphThreads {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly repository: ThreadRepository,
    private readonly agents: AgentRepository,
    private readonly forker: ThreadForker,
    private readonly deleter: ThreadDeleter,
    private readonly lineage: ThreadLineage,
    private readonly branches: LangGraphBranches,
    private readonly states: LangGraphStates,
    private readonly projections: ProjectionsService,
  ) {}

  /** `if_exists: do_nothing` answers the user's existing thread; `raise` (the default) 409, as for another user's id. */
  async create(body: CreateLangGraphThreadRequest, ctx: CommandContext): Promise<LangGraphThreadResponse> {
    const threadId = body.thread_id ?? randomUUID();
    if (body.thread_id !== undefined && (await this.lineage.head(threadId)) !== null) {
      if (body.if_exists === 'do_nothing' && (await this.readStore.getThread(threadId))?.owner_id === ctx.actor)
        return this.get(ctx.actor, threadId);
      throw new ThreadAlreadyExists(threadId);
    }
    const metadata = body.metadata ?? {};
    const agentId = await this.agentOf(ctx.actor, metadata);
    await this.repository.execute({ type: 'CreateThread', threadId, ownerId: ctx.actor, agentId }, ctx);
    const outcome = await this.repository.execute({ type: 'SetLangGraphMetadata', threadId, userId: ctx.actor, metadata }, ctx);
    await this.projections.waitForReadModels(outcome.position);
    return this.get(ctx.actor, threadId);
  }

  async get(userId: string, threadId: string): Promise<LangGraphThreadResponse> {
    return this.view(userId, await this.branches.thread(userId, threadId));
  }

  /** PATCH merges the metadata given into the thread's. */
  async update(userId: string, threadId: string, metadata: Record<string, unknown> | undefined, ctx: CommandContext) {
    const row = await this.branches.thread(userId, threadId);
    if (metadata !== undefined) {
      const merged = { ...JSON.parse(row.metadata), ...metadata };
      const outcome = await this.repository.execute({ type: 'SetLangGraphMetadata', threadId, userId, metadata: merged }, ctx);
      await this.projections.waitForReadModels(outcome.position);
    }
    return this.get(userId, threadId);
  }

  /**
   * Deletes the thread with its branches, newest first (a branch's own branches go before it), each closed to forks as it
   * goes (ThreadDeleter). A thread copied elsewhere (a fork of any of them reading its history) is kept: 409, also when
   * the copy is made in another process while this delete runs.
   */
  async delete(userId: string, threadId: string, ctx: CommandContext): Promise<void> {
    const family = await this.branches.family(userId, threadId);
    const listed = await Promise.all(family.map((id) => this.readStore.listBranches(id)));
    const others = listed.flat().filter((b) => !family.includes(b.thread_id));
    if (others.length > 0) throw new ThreadHasBranches(threadId, others.length);
    let position;
    try {
      for (const id of [...family.slice(1)].reverse().concat(threadId)) position = (await this.deleter.delete(id, userId, ctx)).position;
    } catch (error) {
      // A fork made since the check: the 409 names the LangGraph thread, not one of its Forkline threads.
      throw error instanceof ThreadHasBranches ? new ThreadHasBranches(threadId, error.count) : error;
    }
    await this.projections.waitForReadModels(position);
  }

  /**
   * Copy = an O(1) fork of the newest head's branch at its head: ids of the checkpoints it inherits are kept. It answers,
   * once the read models hold the copy, with the copy's row as its events make it, as LangGraph's server answers.
   */
  async copy(userId: string, threadId: string, ctx: CommandContext): Promise<LangGraphCopyResponse> {
    const row = await this.branches.thread(userId, threadId);
    const family = await this.branches.family(userId, threadId, row);
    const branch = await this.branches.headBranchOf(family);
    const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
    // A fork starts with empty metadata (langgraph_threads): only a source's own metadata needs an event, written with it.
    const withMetadata = (id: string): ThreadCommand[] =>
      Object.keys(metadata).length === 0 ? [] : [{ type: 'SetLangGraphMetadata', threadId: id, userId, metadata }];
    const fork = await this.forker.fork(branch, 'head', ctx, undefined, withMetadata);
    await this.projections.waitForReadModels(fork.position);
    // Nothing runs in a copy that inherits no unanswered message.
    return copyResponse(copyRow(userId, fork, metadata), fork.unanswered > 0 ? await this.status(userId, fork.newThreadId) : 'idle');
  }

  async search(userId: string, q: SearchLangGraphThreadsRequest): Promise<{ items: LangGraphThreadResponse[]; total: number }> {
    let rows = await this.readStore.query('langgraph_threads', { owner_id: userId, branch_of: '' }, { orderBy: 'created_at' });
    if (q.ids) rows = rows.filter((r) => q.ids!.includes(r.thread_id));
    if (q.metadata) rows = rows.filter((r) => contains(JSON.parse(r.metadata), q.metadata));
    const statuses =
      q.status || q.sort_by === 'status'
        ? new Map(await Promise.all(rows.map(async (r) => [r.thread_id, await this.status(userId, r.thread_id)] as const)))
        : null;
    if (q.status) rows = rows.filter((r) => statuses!.get(r.thread_id) === q.status);
    const key = q.sort_by ?? 'created_at';
    const value = (r: RowOf<'langgraph_threads'>) => (key === 'status' ? statuses!.get(r.thread_id)! : r[key]);
    const sign = (q.sort_order ?? 'desc') === 'desc' ? -1 : 1;
    rows.sort((a, b) => sign * (value(a).localeCompare(value(b)) || a.thread_id.localeCompare(b.thread_id)));
    const offset = q.offset ?? 0;
    const page = rows.slice(offset, offset + (q.limit ?? 10));
    return { items: await Promise.all(page.map((r) => this.view(userId, r))), total: rows.length };
  }

  async count(userId: string, q: SearchLangGraphThreadsRequest): Promise<number> {
    return (await this.search(userId, { ...q, limit: 1, offset: 0 })).total;
  }

  private async view(userId: string, row: RowOf<'langgraph_threads'>): Promise<LangGraphThreadResponse> {
    const family = await this.branches.family(userId, row.thread_id, row);
    const head = await this.branches.newestHeadOf(family);
    const [state, status] = await Promise.all([this.states.currentOf(family, head), this.statusOf(family, head)]);
    return threadResponse(row, state, status);
  }

  /** busy while any branch has a message waiting for its answer; error when the newest head's last run failed; else idle. */
  private async status(userId: string, threadId: string): Promise<LangGraphThreadResponse['status']> {
    const family = await this.branches.family(userId, threadId);
    return this.statusOf(family, await this.branches.newestHeadOf(family));
  }

  private async statusOf(family: string[], head: BranchHead | null): Promise<LangGraphThreadResponse['status']> {
    const rows = await Promise.all(family.map(async (id) => (await this.readStore.query('workflows', { thread_id: id }, { limit: 1 }))[0]));
    if (rows.some((r) => (r?.pending ?? 0) > 0)) return 'busy';
    return rows[family.indexOf(head?.threadId ?? family[0])]?.outcome === 'failed' ? 'error' : 'idle';
  }

  /** The agent named by `metadata.assistant_id` or `graph_id` (as useStream sends it), else the user's default one. */
  private async agentOf(userId: string, metadata: Record<string, unknown>): Promise<string> {
    const named = metadata.assistant_id ?? metadata.graph_id;
    if (typeof named !== 'string') return defaultAgentId(userId);
    const agent = (await this.agents.find(userId, named)) ?? (await this.agents.list(userId)).find((a) => a.definition.slug === named);
    if (!agent) throw new InvalidCommand(`metadata.assistant_id: no assistant '${named}'`, 'metadata');
    return agent.agentId;
  }
}
