import { ConversationVariableDeclaration } from './conversation-variables';
import { deterministicId } from './deterministic-id';
import { RunMode } from './thread-events';

/** The one kind of trigger agents have now: a chat message starts a run. */
export interface AgentTrigger {
  nodeId: string;
  type: 'trigger_chat';
}

/** How an agent answers: what a run reads from it when it starts. */
export interface AgentDefinition {
  /** Unique among the owner's agents: lowercase letters, digits and hyphens. */
  slug: string;
  name: string;
  description: string;
  mode: RunMode;
  /** Same syntax as MODEL; null: the server's MODEL. */
  model: string | null;
  systemPrompt: string;
  /** Names of built-in tools the React graph may call; null: all of them, []: none. */
  tools: string[] | null;
  openingStatement: string;
  suggestedQuestions: string[];
  triggers: AgentTrigger[];
  metadata: Record<string, unknown>;
  /** Dify's "suggested questions after answer"; absent (agents from before it): off. */
  suggestedQuestionsAfterAnswer?: { enabled: boolean };
  /** Variables each conversation with the agent holds (Dify's conversation variables); absent: none. */
  conversationVariables?: ConversationVariableDeclaration[];
  /**
   * The app's public code on the Dify web API (`X-App-Code`), unique across all users; absent (agents from before it,
   * the default agent until first written): none yet, given on the agent's next change.
   */
  siteCode?: string;
  /** Whether the Dify web API serves the app; absent: on. */
  webEnabled?: boolean;
}

/** `version` is the number of events in the agent's stream once this one is in it: 1 after creation. */
export interface AgentCreated {
  type: 'AgentCreated';
  data: { agentId: string; ownerId: string; version: number } & AgentDefinition;
}

/** Only the fields that changed. */
export interface AgentUpdated {
  type: 'AgentUpdated';
  data: { agentId: string; version: number } & Partial<AgentDefinition>;
}

export interface AgentDeleted {
  type: 'AgentDeleted';
  data: { agentId: string; version: number };
}

/**
 * An app API key of the agent (Dify's "app" is an agent): only its SHA-256 is recorded, never the key, plus its last
 * characters so its owner can tell keys apart. `ownerId` lets projections file the key without reading the agent.
 */
export interface AppKeyCreated {
  type: 'AppKeyCreated';
  data: { agentId: string; version: number; keyId: string; ownerId: string; keySha256: string; hint: string };
}

export interface AppKeyRevoked {
  type: 'AppKeyRevoked';
  data: { agentId: string; version: number; keyId: string };
}

export type AgentEvent = AgentCreated | AgentUpdated | AgentDeleted | AppKeyCreated | AppKeyRevoked;

export const AGENT_EVENT_TYPES: readonly AgentEvent['type'][] = [
  'AgentCreated',
  'AgentUpdated',
  'AgentDeleted',
  'AppKeyCreated',
  'AppKeyRevoked',
];

/** What an app key starts with, as Dify's do: the auth layer tells app keys from user keys by it. */
export const APP_KEY_PREFIX = 'app-';

/**
 * The per-owner slug index (its own stream, appended with the expected revision): a slug is claimed before the
 * agent takes it and released after the agent gives it up, so two writers cannot both take one slug.
 */
export interface SlugClaimed {
  type: 'SlugClaimed';
  data: { slug: string; agentId: string };
}

export interface SlugReleased {
  type: 'SlugReleased';
  data: { slug: string; agentId: string };
}

export type SlugIndexEvent = SlugClaimed | SlugReleased;

/** A slug: 1-64 lowercase letters, digits and hyphens, starting with a letter or digit. */
export const AGENT_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const RUN_MODES: readonly RunMode[] = ['chat', 'actionplan', 'react'];

/** Every user's agent before they make any: answers in chat mode with the server's model. */
export const DEFAULT_AGENT_SLUG = 'assistant';

/** Every user's default agent has this id, so it exists (unwritten, version 0) before the user does anything. */
export const defaultAgentId = (userId: string) => deterministicId(`default-agent:${userId}`);

export const defaultAgentDefinition = (): AgentDefinition => ({
  slug: DEFAULT_AGENT_SLUG,
  name: 'Assistant',
  description: '',
  mode: 'chat',
  model: null,
  systemPrompt: '',
  tools: null,
  openingStatement: '',
  suggestedQuestions: [],
  triggers: [{ nodeId: 'trigger_chat', type: 'trigger_chat' }],
  metadata: {},
});
