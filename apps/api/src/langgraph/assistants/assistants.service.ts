import { Inject, Injectable } from '@nestjs/common';
import { AgentNotFound } from '@forkline/domain';
import { AgentRepository, ResolvedAgent } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { contains } from '../state/langgraph-states.service';
import { drawAgentGraph, GraphDrawing } from './assistant-graph';
import { AssistantResponse, AssistantSearchRequest } from './assistants.dto';

/** Assistants are the user's agents (their default agent included); an assistant is named by its agent id or slug. */
@Injectable()
export class Assistants {
  constructor(
    private readonly agents: AgentRepository,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async search(userId: string, q: AssistantSearchRequest): Promise<{ items: AssistantResponse[]; total: number }> {
    const all = await Promise.all((await this.agents.list(userId)).map((a) => this.view(userId, a)));
    // A null name (which @IsOptional lets through) filters nothing, as an absent one.
    const name = q.name?.toLowerCase();
    const found = all.filter(
      (a) =>
        (q.graph_id === undefined || a.graph_id === q.graph_id) &&
        (name === undefined || a.name.toLowerCase().includes(name)) &&
        (q.metadata === undefined || contains(a.metadata, q.metadata)),
    );
    const key = (q.sort_by ?? 'created_at') as keyof AssistantResponse;
    const sign = (q.sort_order ?? 'desc') === 'desc' ? -1 : 1;
    found.sort((a, b) => sign * String(a[key] ?? '').localeCompare(String(b[key] ?? '')));
    const offset = q.offset ?? 0;
    return { items: found.slice(offset, offset + (q.limit ?? 10)), total: found.length };
  }

  async get(userId: string, idOrSlug: string): Promise<AssistantResponse> {
    return this.view(userId, await this.resolve(userId, idOrSlug));
  }

  async graph(userId: string, idOrSlug: string): Promise<GraphDrawing> {
    return drawAgentGraph((await this.resolve(userId, idOrSlug)).definition.mode);
  }

  /** The agent with this id, else the one with this slug (as LangGraph takes a graph id for an assistant); 404 otherwise. */
  async resolve(userId: string, idOrSlug: string): Promise<ResolvedAgent> {
    const byId = await this.agents.find(userId, idOrSlug);
    if (byId) return byId;
    const bySlug = (await this.agents.list(userId)).find((a) => a.definition.slug === idOrSlug);
    if (!bySlug) throw new AgentNotFound(idOrSlug, 'assistant_id');
    return bySlug;
  }

  private async view(userId: string, agent: ResolvedAgent): Promise<AssistantResponse> {
    const [row] = await this.readStore.query('agents', { agent_id: agent.agentId, owner_id: userId }, { limit: 1 });
    const { slug, name, description, metadata } = agent.definition;
    return {
      assistant_id: agent.agentId,
      graph_id: slug,
      config: {},
      context: {},
      created_at: row?.created_at ?? null,
      updated_at: row?.updated_at ?? null,
      metadata,
      version: agent.version,
      name,
      description: description || null,
    };
  }
}
