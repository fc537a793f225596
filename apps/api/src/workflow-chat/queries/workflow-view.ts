import { WorkflowAgent } from './workflow-agents.service';
import { WorkflowDetailOut, WorkflowOut } from './workflow-out.dto';

/** The agent's node: what its chat triggers lead to. */
const AGENT_NODE = 'agent';

const tagsOf = (metadata: Record<string, unknown>) =>
  Array.isArray(metadata.tags) && metadata.tags.every((t) => typeof t === 'string') ? (metadata.tags as string[]) : null;

export function workflowOut(a: WorkflowAgent): WorkflowOut {
  return {
    id: a.agentId,
    name: a.name,
    slug: a.slug,
    description: a.description,
    is_active: true,
    is_public: false,
    is_default: a.isDefault,
    tags: tagsOf(a.metadata),
    error_handler_workflow_id: null,
    max_execution_seconds: null,
    input_schema: null,
    output_schema: null,
    node_count: a.triggers.length + 1,
    edge_count: a.triggers.length,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** The workflow as a graph: each chat trigger is an entry point leading to the agent. */
export function workflowDetailOut(a: WorkflowAgent): WorkflowDetailOut {
  const triggers = a.triggers.map((t) => ({
    id: `${a.agentId}:${t.nodeId}`,
    node_id: t.nodeId,
    label: t.nodeId,
    component_type: t.type,
    is_entry_point: true,
    config: { trigger_config: {}, is_active: true },
  }));
  const agent = {
    id: `${a.agentId}:${AGENT_NODE}`,
    node_id: AGENT_NODE,
    label: a.name,
    component_type: AGENT_NODE,
    is_entry_point: false,
    config: { system_prompt: a.systemPrompt },
  };
  const edges = a.triggers.map((t) => ({
    id: `${a.agentId}:${t.nodeId}->${AGENT_NODE}`,
    source_node_id: t.nodeId,
    target_node_id: AGENT_NODE,
    edge_type: 'direct',
  }));
  return { ...workflowOut(a), nodes: [...triggers, agent], edges };
}
