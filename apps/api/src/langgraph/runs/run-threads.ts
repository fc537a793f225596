import { ConflictException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { DEFAULT_AGENT_SLUG, defaultAgentId, ThreadAlreadyExists, ThreadNotFound } from '@forkline/domain';
import { CommandContext, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { LangGraphBranches } from '../branches/langgraph-branches.service';

/** A LangGraph thread as runs see it: its Forkline threads (itself, then its branch forks) and the agent answering in them. */
export interface RunTarget {
  threadId: string;
  family: string[];
  agentId: string;
}

export const threadNotFound = (threadId: string) => new NotFoundException(`Thread with ID ${threadId} not found`);

/** Assistants (agents, by id or slug) and the LangGraph threads runs go to, each only to its owner. */
@Injectable()
export class RunThreads {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly repository: ThreadRepository,
    private readonly branches: LangGraphBranches,
    private readonly projections: ProjectionsService,
    private readonly lineage: ThreadLineage,
  ) {}

  /** The caller's agent named by id or slug (as LangGraph takes an assistant id or a graph id); 404 otherwise. */
  async assistant(userId: string, assistantId: string): Promise<string> {
    const fallback = defaultAgentId(userId);
    if (assistantId === fallback) return fallback;
    if (assistantId === DEFAULT_AGENT_SLUG) {
      // The default agent answers under its slug until its owner renames it.
      const [renamed] = await this.readStore.query('agents', { agent_id: fallback }, { columns: ['slug'] });
      if (!renamed || renamed.slug === DEFAULT_AGENT_SLUG) return fallback;
    }
    const byId = await this.readStore.query('agents', { agent_id: assistantId, owner_id: userId }, { columns: ['agent_id'] });
    const bySlug = byId.length
      ? byId
      : await this.readStore.query('agents', { slug: assistantId, owner_id: userId }, { columns: ['agent_id'] });
    if (!bySlug[0]) throw new NotFoundException(`assistant_id: assistant '${assistantId}' not found`);
    return bySlug[0].agent_id;
  }

  /** The caller's LangGraph thread (not a branch fork's id), or null: another user's thread and an unknown one look alike. */
  async find(userId: string, threadId: string): Promise<RunTarget | null> {
    try {
      const family = await this.branches.family(userId, threadId);
      const thread = await this.readStore.getThread(threadId);
      return thread && { threadId, family, agentId: thread.agent_id ?? defaultAgentId(userId) };
    } catch (error) {
      if (error instanceof ThreadNotFound) return null;
      throw error;
    }
  }

  async get(userId: string, threadId: string): Promise<RunTarget> {
    const found = await this.find(userId, threadId);
    if (!found) throw threadNotFound(threadId);
    return found;
  }

  /**
   * The LangGraph thread a run of `agentId` goes to: the caller's thread (created first with `if_not_exists: create`). A
   * Forkline thread is answered by one agent: a run naming another is refused rather than answered by the wrong one.
   */
  async forRun(userId: string, threadId: string, agentId: string, ifNotExists: 'create' | 'reject', context: CommandContext) {
    let target = await this.find(userId, threadId);
    if (!target && ifNotExists === 'create') {
      try {
        const created = await this.repository.execute({ type: 'CreateThread', threadId, ownerId: userId, agentId }, context);
        await this.projections.waitForReadModels(created.position);
      } catch (error) {
        // Created meanwhile: by the caller (it is theirs now) or by another user (still not found).
        if (!(error instanceof ThreadAlreadyExists)) throw error;
      }
      target = await this.find(userId, threadId);
    }
    if (!target) throw threadNotFound(threadId);
    if (target.agentId !== agentId)
      throw new ConflictException(`assistant_id: thread ${threadId} is answered by assistant ${target.agentId}, not ${agentId}`);
    return target;
  }

  /**
   * Checks a checkpoint a run starts from before anything is written: one of the thread's (any branch; else 404), and,
   * for a run without input, one with a message still to answer (LangGraph's pending `next`; else 422).
   */
  async checkpoint(userId: string, target: RunTarget, checkpointId: string, needsPending: boolean): Promise<void> {
    await this.branches.find(userId, target.threadId, checkpointId);
    if (!needsPending) return;
    const at = await this.branches.position(target.family, checkpointId);
    const pending = at.eventNumber === null ? [] : await this.lineage.unansweredAt(at.threadId, at.eventNumber);
    if (pending.length === 0) throw new UnprocessableEntityException('input: the checkpoint has no message to answer: send one');
  }

  /** The Forkline thread a run continues: the branch holding the newest head, or (from a checkpoint) the branch at it. */
  async runThread(userId: string, target: RunTarget, checkpointId: string | undefined, context: CommandContext): Promise<string> {
    // The family was read (for this user) a moment ago: the head is looked for among it rather than reading it again.
    if (checkpointId === undefined) return this.branches.headBranchOf(target.family);
    return this.branches.branchAt(userId, target.threadId, checkpointId, context);
  }
}
