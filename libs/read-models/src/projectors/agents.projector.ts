import { AgentDefinition } from '@forkline/domain';
import { RowOf } from '../read-model.schema';
import { defineAgentProjector } from './projector';

type DefinitionColumns = Omit<RowOf<'agents'>, 'agent_id' | 'owner_id' | 'version' | 'created_at' | 'updated_at'>;

/** The definition's fields as the columns that hold them (an update names only the fields it changed). */
function columnsOf(d: Partial<AgentDefinition>): Partial<DefinitionColumns> {
  const columns: Partial<DefinitionColumns> = {
    slug: d.slug,
    name: d.name,
    description: d.description,
    mode: d.mode,
    model: d.model,
    system_prompt: d.systemPrompt,
    tools: d.tools === undefined ? undefined : d.tools === null ? null : JSON.stringify(d.tools),
    opening_statement: d.openingStatement,
    suggested_questions: d.suggestedQuestions && JSON.stringify(d.suggestedQuestions),
    triggers: d.triggers && JSON.stringify(d.triggers),
    metadata: d.metadata && JSON.stringify(d.metadata),
    suggested_after_answer: d.suggestedQuestionsAfterAnswer && (d.suggestedQuestionsAfterAnswer.enabled ? 1 : 0),
    conversation_variables: d.conversationVariables && JSON.stringify(d.conversationVariables),
    site_code: d.siteCode,
    web_enabled: d.webEnabled === undefined ? undefined : d.webEnabled ? 1 : 0,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}

export const agentsProjector = defineAgentProjector('agents', ['agents'], (e) => {
  switch (e.type) {
    case 'AgentCreated': {
      const { agentId, ownerId, version, ...definition } = e.data;
      // Settings added since the first agents: a creation without them has them off / empty.
      const row = {
        agent_id: agentId,
        owner_id: ownerId,
        version,
        created_at: e.occurredAt,
        updated_at: e.occurredAt,
        suggested_after_answer: 0,
        conversation_variables: '[]',
        site_code: null,
        web_enabled: 1,
      };
      return [{ table: 'agents', upsert: { ...row, ...(columnsOf(definition) as DefinitionColumns) } }];
    }
    case 'AgentUpdated': {
      const { agentId, version, ...changes } = e.data;
      return [{ table: 'agents', upsert: { agent_id: agentId, version, updated_at: e.occurredAt, ...columnsOf(changes) } }];
    }
    case 'AgentDeleted':
      return [{ table: 'agents', delete: { agent_id: e.data.agentId } }];
    // A key changes no definition, but it is one of the stream's events: the version counts it, as the write side's does.
    case 'AppKeyCreated':
    case 'AppKeyRevoked':
      return [{ table: 'agents', upsert: { agent_id: e.data.agentId, version: e.data.version } }];
  }
});
