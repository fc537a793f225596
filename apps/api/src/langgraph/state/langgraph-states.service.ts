import { Injectable } from '@nestjs/common';
import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { NotFound } from '@forkline/domain';
import { BranchHead, LangGraphBranches } from '../branches/langgraph-branches.service';
import { TreeNode } from '../branches/checkpoint-tree';
import { sdkMessageOf } from './state-json';

/** A checkpoint as LangGraph clients name it: always under the LangGraph thread's id, whichever branch fork holds it. */
export interface CheckpointRef {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  checkpoint_map: null;
}

/** LangGraph's ThreadState (SDK `ThreadState`): a checkpoint's values and where it sits in the thread's tree. */
export interface ThreadStateView {
  values: Record<string, unknown>;
  next: string[];
  tasks: unknown[];
  checkpoint: CheckpointRef | null;
  metadata?: Record<string, unknown>;
  created_at: string | null;
  parent_checkpoint: CheckpointRef | null;
}

/** Channels of the agent's graph state that are Forkline's bookkeeping, not the conversation. */
const HIDDEN = new Set(['threadEventNumber']);

export const checkpointRef = (threadId: string, checkpointId: string): CheckpointRef => ({
  thread_id: threadId,
  checkpoint_ns: '',
  checkpoint_id: checkpointId,
  checkpoint_map: null,
});

/** What a thread without any checkpoint answers (as LangGraph's server does). */
export const EMPTY_STATE: ThreadStateView = {
  values: {},
  next: [],
  tasks: [],
  checkpoint: null,
  created_at: null,
  parent_checkpoint: null,
};

/** Thread states of the LangGraph face, read from the event-sourced checkpointer through the thread's branches. */
@Injectable()
export class LangGraphStates {
  constructor(
    private readonly branches: LangGraphBranches,
    private readonly checkpointer: EventSourcedCheckpointSaver,
  ) {}

  /** The thread's state: its newest head among all branches. */
  async current(userId: string, threadId: string): Promise<ThreadStateView> {
    const family = await this.branches.family(userId, threadId);
    return this.currentOf(family, await this.branches.newestHeadOf(family));
  }

  /** The same, for a family and its newest head already read. */
  async currentOf(family: string[], head: BranchHead | null): Promise<ThreadStateView> {
    return head ? this.view(family[0], await this.branches.findIn(family, head.checkpointId)) : EMPTY_STATE;
  }

  /** The state at one of the thread's checkpoints (any branch); 404 for any other. */
  async at(userId: string, threadId: string, checkpointId: string): Promise<ThreadStateView> {
    return this.view(threadId, await this.branches.find(userId, threadId, checkpointId));
  }

  /** Every branch's checkpoints, newest first: `limit` of those older than `before`, matching `metadata` when given. */
  async history(
    userId: string,
    threadId: string,
    query: { limit: number; before?: string; metadata?: Record<string, unknown>; checkpointId?: string },
  ): Promise<ThreadStateView[]> {
    if (query.checkpointId !== undefined) {
      if (query.before !== undefined && query.checkpointId >= query.before) return [];
      const node = await this.branches.find(userId, threadId, query.checkpointId).catch((error: unknown) => {
        if (error instanceof NotFound) return null;
        throw error;
      });
      const state = node && query.limit > 0 ? await this.view(threadId, node) : null;
      return state && (!query.metadata || contains(state.metadata ?? {}, query.metadata)) ? [state] : [];
    }
    const page: ThreadStateView[] = [];
    if (query.limit <= 0) return page;
    for await (const node of this.branches.checkpoints(userId, threadId, query.before ?? null, query.limit)) {
      const state = await this.view(threadId, node);
      if (query.metadata && !contains(state.metadata ?? {}, query.metadata)) continue;
      page.push(state);
      if (page.length >= query.limit) break;
    }
    return page;
  }

  /** A checkpoint as LangGraph's ThreadState: its channel values (messages in the SDK's form) under the LangGraph thread's id. */
  async view(threadId: string, node: TreeNode): Promise<ThreadStateView> {
    const config = { configurable: { thread_id: node.streamThreadId, checkpoint_ns: '', checkpoint_id: node.checkpointId } };
    const tuple = await this.checkpointer.getTuple(config);
    if (!tuple) return EMPTY_STATE;
    const values: Record<string, unknown> = {};
    for (const [channel, value] of Object.entries(tuple.checkpoint.channel_values)) {
      if (HIDDEN.has(channel) || channel.startsWith('__') || channel.startsWith('branch:')) continue;
      if (Array.isArray(value) && value.length === 0 && channel !== 'messages') continue;
      values[channel] = channel === 'messages' && Array.isArray(value) ? value.map(sdkMessageOf) : value;
    }
    return {
      values,
      next: [],
      tasks: [],
      checkpoint: checkpointRef(threadId, node.checkpointId),
      metadata: { ...(tuple.metadata as Record<string, unknown>), thread_id: threadId },
      created_at: tuple.checkpoint.ts,
      parent_checkpoint: node.parentId === null ? null : checkpointRef(threadId, node.parentId),
    };
  }
}

/** JSON containment, as LangGraph's metadata filters match: every key of `filter` is in `value` with an equal (contained) value. */
export function contains(value: unknown, filter: unknown): boolean {
  if (typeof filter !== 'object' || filter === null) return value === filter;
  if (Array.isArray(filter)) return Array.isArray(value) && filter.every((f) => value.some((v) => contains(v, f)));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(filter).every(([k, f]) => contains((value as Record<string, unknown>)[k], f));
}
