import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AgentDefinition, AgentTrigger, defaultAgentDefinition, defaultAgentId } from '@forkline/domain';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';

/** An agent as this face shows it: a Pipelit workflow. */
export interface WorkflowAgent {
  agentId: string;
  isDefault: boolean;
  slug: string;
  name: string;
  description: string;
  systemPrompt: string;
  triggers: AgentTrigger[];
  metadata: Record<string, unknown>;
  /** Null for a default agent that was never written (it has no stored creation). */
  createdAt: string | null;
  updatedAt: string | null;
}

/** The platform's answer for a slug the caller has no workflow under (another user's included). */
export const workflowNotFound = () => new NotFoundException('Workflow not found.');

/** The caller's agents from the read model, their default agent (slug `assistant`) included whether or not it was ever written. */
@Injectable()
export class WorkflowAgents {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** The default agent first, then the others, oldest first. */
  async list(userId: string): Promise<WorkflowAgent[]> {
    const defaultId = defaultAgentId(userId);
    const rows = await this.readStore.query('agents', { owner_id: userId }, { orderBy: 'created_at' });
    const stored = rows.find((r) => r.agent_id === defaultId);
    const first = stored ? fromRow(stored, true) : fromDefinition(defaultId, defaultAgentDefinition());
    return [first, ...rows.filter((r) => r.agent_id !== defaultId).map((r) => fromRow(r, false))];
  }

  /** The caller's agent with this slug; 404 "Workflow not found." otherwise. */
  async bySlug(userId: string, slug: string): Promise<WorkflowAgent> {
    const found = (await this.list(userId)).find((a) => a.slug === slug);
    if (!found) throw workflowNotFound();
    return found;
  }
}

function fromRow(row: RowOf<'agents'>, isDefault: boolean): WorkflowAgent {
  return {
    agentId: row.agent_id,
    isDefault,
    slug: row.slug,
    name: row.name,
    description: row.description,
    systemPrompt: row.system_prompt,
    triggers: JSON.parse(row.triggers) as AgentTrigger[],
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function fromDefinition(agentId: string, d: AgentDefinition): WorkflowAgent {
  const { slug, name, description, systemPrompt, triggers, metadata } = d;
  return { agentId, isDefault: true, slug, name, description, systemPrompt, triggers, metadata, createdAt: null, updatedAt: null };
}
