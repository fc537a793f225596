import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { NotFound, ThreadNotFound } from '@forkline/domain';
import { CommandContext, ThreadForker, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, RowOf, Segment, ThreadHistory, ThreadView } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { FamilyReads } from './family-reads';
import { findRow, LinkOf, LinkRow, newestFirst, RowsOf, toNode, TreeNode, TreeStream, visibleId } from './checkpoint-tree';

/** A Forkline thread of a LangGraph thread and the newest checkpoint it holds (a fork's first stands for its source's). */
export interface BranchHead {
  threadId: string;
  /** The checkpoint as stored (compare these: a newer branch has a newer one). */
  storedId: string;
  /** As clients see it. */
  checkpointId: string;
  /** The thread's own latest checkpoint (its heads row), not one inherited from a source. */
  own: boolean;
}

/**
 * Branches inside a LangGraph thread. Forkline threads are linear; a LangGraph thread branches when a run (or a state
 * update) starts from a checkpoint that is not a head. Such a branch is a Forkline fork of the thread that holds the
 * checkpoint, at the checkpoint's thread event number, whose first checkpoint references it (CheckpointForked), marked
 * durably as a branch of the LangGraph thread (LangGraphBranchMarked) and listed by the `langgraph_threads` read model.
 * Clients see one thread: its state is the newest head among the branches, its history every branch's checkpoints.
 */
@Injectable()
export class LangGraphBranches {
  private readonly reads: FamilyReads;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly history: ThreadHistory,
    private readonly forker: ThreadForker,
    private readonly repository: ThreadRepository,
    private readonly checkpointer: EventSourcedCheckpointSaver,
    private readonly projections: ProjectionsService,
  ) {
    this.reads = new FamilyReads(readStore, history);
  }

  /** The user's LangGraph thread; a missing one, another user's, or a branch fork's id: 404. */
  async thread(userId: string, threadId: string): Promise<RowOf<'langgraph_threads'>> {
    const [row] = await this.readStore.query('langgraph_threads', { thread_id: threadId, owner_id: userId, branch_of: '' }, { limit: 1 });
    if (!row) throw new ThreadNotFound(threadId);
    return row;
  }

  /** The LangGraph thread's Forkline threads: itself first, then its branch forks, oldest first (`row`: its row, already read). */
  async family(userId: string, threadId: string, row?: RowOf<'langgraph_threads'>): Promise<string[]> {
    if (!row) await this.thread(userId, threadId);
    const branches = await this.readStore.query(
      'langgraph_threads',
      { owner_id: userId, branch_of: threadId },
      { orderBy: 'created_at', columns: ['thread_id'] as const },
    );
    return [threadId, ...branches.map((b) => b.thread_id)];
  }

  /** The Forkline thread a run on the LangGraph thread continues: the one holding the newest head (the thread itself when none has one). */
  async headBranch(userId: string, threadId: string): Promise<string> {
    return this.headBranchOf(await this.family(userId, threadId));
  }

  /** The same, for a family already read; a thread without branches is its own head branch (no heads read). */
  async headBranchOf(family: string[]): Promise<string> {
    if (family.length === 1) return family[0];
    return (await this.newestHeadOf(family))?.threadId ?? family[0];
  }

  /** The newest head among the thread's branches; null when no branch has a checkpoint. */
  async newestHead(userId: string, threadId: string): Promise<BranchHead | null> {
    return this.newestHeadOf(await this.family(userId, threadId));
  }

  /** The same, for a family already read. */
  async newestHeadOf(family: string[]): Promise<BranchHead | null> {
    const heads = await this.heads(family);
    return heads.reduce<BranchHead | null>((best, h) => (best === null || h.storedId > best.storedId ? h : best), null);
  }

  /**
   * The Forkline thread where a run (or a state update) from `checkpointId` goes: the branch whose head it is, else a new
   * branch fork starting at it. 404 when the checkpoint is not one of the LangGraph thread's.
   */
  async branchAt(userId: string, threadId: string, checkpointId: string, context?: CommandContext): Promise<string> {
    const family = await this.family(userId, threadId);
    const heads = (await this.heads(family)).filter((h) => h.checkpointId === checkpointId);
    if (heads.length > 0) return heads.reduce((a, b) => (b.storedId > a.storedId ? b : a)).threadId;
    const { forkOf, at, streamThreadId } = await this.locate(family, checkpointId);
    const ctx = context ?? { actor: userId, correlationId: randomUUID(), causationId: null };
    const { newThreadId } = await this.forker.fork(forkOf, at, ctx);
    // Its state starts at the checkpoint itself, by reference: a run there resumes exactly that state.
    await this.checkpointer.forkFrom(newThreadId, { threadId: streamThreadId, checkpointId }, at);
    const outcome = await this.repository.execute(
      { type: 'MarkLangGraphBranch', threadId: newThreadId, userId, langgraphThreadId: threadId, checkpointId },
      ctx,
    );
    await this.projections.waitForReadModels(outcome.position);
    return newThreadId;
  }

  /**
   * Every checkpoint of the LangGraph thread older than `before`, all branches, newest first (see newestFirst): read a
   * page at a time from the checkpoint_links read model, so the first `limit` cost the same on a thread of any length.
   */
  async *checkpoints(userId: string, threadId: string, before: string | null, limit: number): AsyncGenerator<TreeNode> {
    for await (const row of newestFirst(await this.streams(userId, threadId), before, limit, this.rowsOf))
      yield await toNode(row, this.linkOf);
  }

  /** The checkpoint a client names, as stored: which stream holds it. 404 when the LangGraph thread has no such checkpoint. */
  async find(userId: string, threadId: string, checkpointId: string): Promise<TreeNode> {
    return this.findIn(await this.family(userId, threadId), checkpointId);
  }

  /** The same, for a family already read. */
  async findIn(family: string[], checkpointId: string): Promise<TreeNode> {
    return toNode(await this.rowIn(family, checkpointId), this.reads.linkOf(family, this.linkOf));
  }

  /** The checkpoint links row of one of the LangGraph thread's checkpoints (derived ones included); 404 for any other. */
  private async rowIn(family: string[], checkpointId: string): Promise<LinkRow> {
    const row = await findRow(await this.streamsOf(family), checkpointId, this.reads.linkOf(family, this.linkOf));
    if (!row) throw new NotFound(`checkpoint '${checkpointId}' not found in thread '${family[0]}'`, 'checkpoint_id');
    return row;
  }

  /** The streams holding the LangGraph thread's checkpoints: its sources' (a copy's) up to where it was copied, then its family's. */
  private async streams(userId: string, threadId: string): Promise<TreeStream[]> {
    return this.streamsOf(await this.family(userId, threadId));
  }

  private async streamsOf(family: string[]): Promise<TreeStream[]> {
    const inherited = await this.inherited(family);
    return [...inherited.map((s) => ({ threadId: s.threadId, upTo: s.upTo })), ...family.map((id) => ({ threadId: id }))];
  }

  private readonly rowsOf: RowsOf = (threadId, atMost, limit) =>
    this.readStore.query(
      'checkpoint_links',
      { thread_id: threadId },
      { orderBy: 'checkpoint_id', desc: true, limit, ...(atMost !== null && { upTo: { column: 'checkpoint_id', value: atMost } }) },
    );

  private readonly linkOf: LinkOf = async (threadId, checkpointId) =>
    (await this.readStore.query('checkpoint_links', { thread_id: threadId, checkpoint_id: checkpointId }, { limit: 1 }))[0] ??
    (null as LinkRow | null);

  /** Each family thread's latest checkpoint (its own, else the one it inherited), for those that have one. */
  private async heads(family: string[]): Promise<BranchHead[]> {
    const heads = await Promise.all(
      family.map(async (threadId) => {
        const view = await this.reads.view(family, threadId);
        if (!view) return null;
        const own = view.latest_checkpoint_id;
        // An inherited one is resolved in the stream holding it (a copy's own stream has no row of it).
        const stored = own ? { threadId: view.thread_id, checkpointId: own } : await this.inheritedLatest(family, view);
        if (!stored) return null;
        const checkpointId = await visibleId(stored.threadId, stored.checkpointId, this.reads.linkOf(family, this.linkOf));
        return { threadId, storedId: stored.checkpointId, checkpointId, own: own !== null };
      }),
    );
    return heads.filter((h): h is BranchHead => h !== null);
  }

  private async inheritedLatest(family: string[], view: ThreadView): Promise<{ threadId: string; checkpointId: string } | null> {
    const segments = await this.reads.segments(family, view);
    const latest = segments && (await this.history.latestCheckpoint(segments));
    return latest ? { threadId: latest.thread_id, checkpointId: latest.checkpoint_id } : null;
  }

  /** Where a branch at a checkpoint that is no head is forked: the family thread (or, for a copy's inherited ones, the thread itself). */
  private async locate(family: string[], checkpointId: string): Promise<{ forkOf: string; at: number; streamThreadId: string }> {
    const { threadId, eventNumber } = await this.position(family, checkpointId);
    if (eventNumber === null) throw new NotFound(`checkpoint '${checkpointId}' not found in thread '${family[0]}'`, 'checkpoint_id');
    return { forkOf: family.includes(threadId) ? threadId : family[0], at: eventNumber, streamThreadId: threadId };
  }

  /**
   * The stream thread holding one of the LangGraph thread's checkpoints and the thread event number it stands for (null:
   * none known); 404 for any other. Derived ones (the state before a run) are rows of the checkpoint links like stored ones.
   */
  async position(family: string[], checkpointId: string): Promise<{ threadId: string; eventNumber: number | null }> {
    const row = await this.rowIn(family, checkpointId);
    return { threadId: row.thread_id, eventNumber: row.event_number };
  }

  /** A copy's (or a native fork's) sources, each up to where the next one forked it: their checkpoints are the thread's too. */
  private async inherited(family: string[]): Promise<Segment[]> {
    const view = await this.reads.view(family, family[0]);
    // A thread that is no fork inherits nothing (no need to read its history's clears for that).
    if (view?.parent_thread_id === null) return [];
    const segments = view && (await this.reads.segments(family, view));
    return segments ? segments.slice(0, -1) : [];
  }
}
