import { AGENT_SLUG_PATTERN, AgentDefinition, RUN_MODES } from './agent-events';
import { checkConversationVariables } from './conversation-variables';
import { SITE_CODE_PATTERN, SITE_CODE_RULE } from './site-code-events';
import { RunMode } from './thread-events';

/** The bounds of an agent's fields (the API documents the same numbers). */
export const AGENT_LIMITS = {
  name: 200,
  description: 2000,
  model: 200,
  systemPrompt: 20_000,
  openingStatement: 2000,
  suggestedQuestions: 20,
  suggestedQuestion: 500,
  triggers: 20,
  metadataBytes: 16_384,
  conversationVariables: 50,
  conversationVariablesBytes: 65_536,
} as const;

export const AGENT_SLUG_RULE = 'must be 1-64 lowercase letters, digits or hyphens, starting with a letter or digit';

/** What the runtime knows and the domain does not: which model settings parse and which tools exist. */
export interface AgentCapabilities {
  toolNames: readonly string[];
  /** Why a MODEL-style setting is not one; null when it is. */
  modelProblem: (model: string) => string | null;
}

/** The first thing wrong with an agent's fields; `field` is the field's wire name (snake_case). */
export interface AgentFieldProblem {
  field: string;
  message: string;
}

type Rule = (value: never, capabilities: AgentCapabilities) => string | null;

const longerThan = (max: number) => (value: string) => (value.length > max ? `must be at most ${max} characters` : null);

/** Every field's rule, in the order they are checked; only the fields given are. */
const RULES: { [K in keyof AgentDefinition]: [wire: string, rule: (value: AgentDefinition[K], c: AgentCapabilities) => string | null] } = {
  slug: ['slug', (slug) => (AGENT_SLUG_PATTERN.test(slug) ? null : AGENT_SLUG_RULE)],
  name: ['name', (name) => (name.trim() === '' ? 'must not be empty' : longerThan(AGENT_LIMITS.name)(name))],
  description: ['description', longerThan(AGENT_LIMITS.description)],
  mode: ['mode', (mode) => (RUN_MODES.includes(mode as RunMode) ? null : `must be one of ${RUN_MODES.join(', ')}`)],
  model: ['model', (model, c) => (model === null ? null : (longerThan(AGENT_LIMITS.model)(model) ?? c.modelProblem(model)))],
  systemPrompt: ['system_prompt', longerThan(AGENT_LIMITS.systemPrompt)],
  tools: ['tools', (tools, c) => (tools === null ? null : checkTools(tools, c.toolNames))],
  openingStatement: ['opening_statement', longerThan(AGENT_LIMITS.openingStatement)],
  suggestedQuestions: ['suggested_questions', checkQuestions],
  triggers: ['triggers', checkTriggers],
  metadata: ['metadata', checkMetadata],
  suggestedQuestionsAfterAnswer: [
    'suggested_questions_after_answer',
    (setting) => (typeof setting === 'object' && typeof setting?.enabled === 'boolean' ? null : 'enabled must be a boolean'),
  ],
  conversationVariables: [
    'conversation_variables',
    (variables) =>
      checkConversationVariables(variables ?? [], AGENT_LIMITS.conversationVariables) ??
      (new TextEncoder().encode(JSON.stringify(variables)).length > AGENT_LIMITS.conversationVariablesBytes
        ? `must be at most ${AGENT_LIMITS.conversationVariablesBytes} bytes of JSON`
        : null),
  ],
  siteCode: ['site_code', (code) => (typeof code === 'string' && SITE_CODE_PATTERN.test(code) ? null : SITE_CODE_RULE)],
  webEnabled: ['web_enabled', (enabled) => (typeof enabled === 'boolean' ? null : 'must be a boolean')],
};

/**
 * Checks the fields of an agent (all of them on creation, those changed on an edit): the one set of rules the
 * API and the CLI share. Pure; the model and tool knowledge comes from the caller.
 */
export function checkAgentDefinition(fields: Partial<AgentDefinition>, capabilities: AgentCapabilities): AgentFieldProblem | null {
  for (const [key, [field, rule]] of Object.entries(RULES) as [keyof AgentDefinition, [string, Rule]][]) {
    const value = fields[key];
    if (value === undefined) continue;
    const nullable = key === 'model' || key === 'tools';
    const message = value === null && !nullable ? 'must not be null' : rule(value as never, capabilities);
    if (message !== null) return { field, message };
  }
  return null;
}

function checkTools(tools: string[], known: readonly string[]): string | null {
  if (tools.some((t) => !known.includes(t))) return `each must be one of ${known.join(', ')}`;
  return new Set(tools).size === tools.length ? null : 'must not repeat a tool';
}

function checkQuestions(questions: string[]): string | null {
  if (questions.length > AGENT_LIMITS.suggestedQuestions) return `must have at most ${AGENT_LIMITS.suggestedQuestions} questions`;
  const tooLong = questions.some((q) => q.length > AGENT_LIMITS.suggestedQuestion);
  return tooLong ? `each must be at most ${AGENT_LIMITS.suggestedQuestion} characters` : null;
}

function checkTriggers(triggers: AgentDefinition['triggers']): string | null {
  if (triggers.length > AGENT_LIMITS.triggers) return `must have at most ${AGENT_LIMITS.triggers} triggers`;
  if (triggers.some((t) => t.type !== 'trigger_chat')) return "type must be 'trigger_chat'";
  return triggers.some((t) => t.nodeId === '') ? 'node_id must not be empty' : null;
}

function checkMetadata(metadata: Record<string, unknown>): string | null {
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return 'must be a JSON object';
  const bytes = new TextEncoder().encode(JSON.stringify(metadata)).length;
  return bytes > AGENT_LIMITS.metadataBytes ? `must be at most ${AGENT_LIMITS.metadataBytes} bytes of JSON` : null;
}
