import { BadRequestException } from '@nestjs/common';
import { BUILTIN_TOOL_NAMES, checkModelSetting } from '@forkline/agent';
import {
  AgentDefinition,
  AgentTrigger,
  checkAgentDefinition,
  ConversationVariableDeclaration,
  RunMode,
  VariableValueType,
  zeroValue,
} from '@forkline/domain';
import { RowOf } from '@forkline/read-models';
import { ConversationVariableDto } from './agent-dify-settings.dto';
import { AgentFieldsRequest, AgentResponse } from './agent-fields.dto';

/** The request's fields as the definition's (only those given), checked by the domain's rules: 400 naming the first bad field. */
export function definitionChanges(body: AgentFieldsRequest): Partial<AgentDefinition> {
  const changes: Partial<AgentDefinition> = {
    slug: body.slug,
    name: body.name,
    description: body.description,
    mode: body.mode,
    model: body.model,
    systemPrompt: body.system_prompt,
    tools: body.tools,
    openingStatement: body.opening_statement,
    suggestedQuestions: body.suggested_questions,
    triggers: body.triggers?.map((t) => ({ nodeId: t.node_id, type: t.type })),
    metadata: body.metadata,
    suggestedQuestionsAfterAnswer: body.suggested_questions_after_answer && { enabled: body.suggested_questions_after_answer.enabled },
    conversationVariables: body.conversation_variables?.map(variableIn),
    siteCode: body.site_code,
    webEnabled: body.web_enabled,
  };
  const given: Partial<AgentDefinition> = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const problem = checkAgentDefinition(given, { toolNames: BUILTIN_TOOL_NAMES, modelProblem: checkModelSetting });
  if (problem) throw new BadRequestException(`${problem.field}: ${problem.message}`);
  return given;
}

/** A declared variable as the domain holds it: an absent default is the type's empty value. */
const variableIn = (v: ConversationVariableDto): ConversationVariableDeclaration => ({
  id: v.id,
  name: v.name,
  valueType: v.value_type as VariableValueType,
  value: v.value === undefined ? zeroValue(v.value_type as VariableValueType) : v.value,
  description: v.description ?? '',
});

const variablesOut = (variables: ConversationVariableDeclaration[]): ConversationVariableDto[] =>
  variables.map((v) => ({ id: v.id, name: v.name, value_type: v.valueType, value: v.value, description: v.description }));

const triggersOut = (triggers: AgentTrigger[]) => triggers.map((t) => ({ node_id: t.nodeId, type: t.type }));

/** An agent as written (its read-model row). */
export function agentFromRow(row: RowOf<'agents'>): AgentResponse {
  return {
    agent_id: row.agent_id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    mode: row.mode,
    model: row.model,
    system_prompt: row.system_prompt,
    tools: row.tools === null ? null : (JSON.parse(row.tools) as string[]),
    opening_statement: row.opening_statement,
    suggested_questions: JSON.parse(row.suggested_questions) as string[],
    triggers: triggersOut(JSON.parse(row.triggers) as AgentTrigger[]),
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    suggested_questions_after_answer: { enabled: row.suggested_after_answer === 1 },
    conversation_variables: variablesOut(JSON.parse(row.conversation_variables) as ConversationVariableDeclaration[]),
    site_code: row.site_code,
    web_enabled: row.web_enabled !== 0,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** An agent from its definition (the default agent, before anything of it is written). */
export function agentFromDefinition(agentId: string, version: number, d: AgentDefinition): AgentResponse {
  return {
    agent_id: agentId,
    slug: d.slug,
    name: d.name,
    description: d.description,
    mode: d.mode as RunMode,
    model: d.model,
    system_prompt: d.systemPrompt,
    tools: d.tools,
    opening_statement: d.openingStatement,
    suggested_questions: d.suggestedQuestions,
    triggers: triggersOut(d.triggers),
    metadata: d.metadata,
    suggested_questions_after_answer: { enabled: d.suggestedQuestionsAfterAnswer?.enabled ?? false },
    conversation_variables: variablesOut(d.conversationVariables ?? []),
    site_code: d.siteCode ?? null,
    web_enabled: d.webEnabled ?? true,
    version,
    created_at: null,
    updated_at: null,
  };
}
