import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DEFAULT_AGENT_SLUG, defaultAgentId, ThreadAlreadyExists } from '@forkline/domain';
import { CommandContext, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';

/** Where a LangGraph thread's runs go: the Forkline thread that answers, and its agent. */
export interface RunTarget {
  threadId: string;
  agentId: string;
}

export const threadNotFound = (threadId: string) => new NotFoundException(`Thread with ID ${threadId} not found`);

/** Assistants (agents, by id or slug) and the threads runs go to, each only to its owner. */
@Injectable()
export class RunThreads {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly repository: ThreadRepository,
  ) {}

  /** The caller's agent named by id or slug (as LangGraph takes an assistant id or a graph id); 404 otherwise. */
  async assistant(userId: string, assistantId: string): Promise<string> {
    const fallback = defaultAgentId(userId);
    if (assistantId === fallback || assistantId === DEFAULT_AGENT_SLUG) {
      // The default agent answers under its slug until its owner renames it.
      const [renamed] = await this.readStore.query('agents', { agent_id: fallback }, { columns: ['slug'] });
      if (assistantId === fallback || !renamed || renamed.slug === DEFAULT_AGENT_SLUG) return fallback;
    }
    const byId = await this.readStore.query('agents', { agent_id: assistantId, owner_id: userId }, { columns: ['agent_id'] });
    const bySlug = byId.length
      ? byId
      : await this.readStore.query('agents', { slug: assistantId, owner_id: userId }, { columns: ['agent_id'] });
    if (!bySlug[0]) throw new NotFoundException(`assistant_id: assistant '${assistantId}' not found`);
    return bySlug[0].agent_id;
  }

  /** The caller's thread, or null: another user's thread and an unknown one look alike. */
  async find(userId: string, threadId: string): Promise<RunTarget | null> {
    const thread = await this.readStore.getThread(threadId);
    if (!thread || thread.owner_id !== userId) return null;
    return { threadId, agentId: thread.agent_id ?? defaultAgentId(userId) };
  }

  async get(userId: string, threadId: string): Promise<RunTarget> {
    const found = await this.find(userId, threadId);
    if (!found) throw threadNotFound(threadId);
    return found;
  }

  /**
   * The thread a run of `agentId` goes to: the caller's thread (created first with `if_not_exists: create`). A Forkline
   * thread is answered by one agent: a run naming another is refused rather than answered by the wrong one.
   */
  async forRun(userId: string, threadId: string, agentId: string, ifNotExists: 'create' | 'reject', context: CommandContext) {
    let target = await this.find(userId, threadId);
    if (!target && ifNotExists === 'create') {
      try {
        await this.repository.execute({ type: 'CreateThread', threadId, ownerId: userId, agentId }, context);
        target = { threadId, agentId };
      } catch (error) {
        // Created meanwhile: by the caller (it is theirs now) or by another user (still not found).
        if (!(error instanceof ThreadAlreadyExists)) throw error;
        target = await this.find(userId, threadId);
      }
    }
    if (!target) throw threadNotFound(threadId);
    if (target.agentId !== agentId)
      throw new ConflictException(`assistant_id: thread ${threadId} is answered by assistant ${target.agentId}, not ${agentId}`);
    return target;
  }
}
