import { AgentDefinition, AgentEvent, DEFAULT_AGENT_SLUG, defaultAgentDefinition } from './agent-events';
import { AgentNotFound, AgentSlugTaken, AppKeyNotFound, DomainError, InvalidCommand } from './domain-errors';

/** What the write side knows of one agent stream. `version` counts its events (0: nothing written yet). */
export interface AgentState {
  exists: boolean;
  deleted: boolean;
  agentId: string | null;
  ownerId: string | null;
  version: number;
  definition: AgentDefinition | null;
  /** Ids of the app keys not revoked (a deleted agent's keys are gone with it). */
  appKeys: string[];
}

/**
 * `isDefault`: the agent is the user's default one (its id is derived from the user's), which exists
 * before anything is written: its first change writes its creation too, and it can be neither deleted nor renamed.
 */
export type AgentCommand =
  | { type: 'CreateAgent'; agentId: string; ownerId: string; definition: AgentDefinition }
  | { type: 'UpdateAgent'; agentId: string; userId: string; isDefault: boolean; changes: Partial<AgentDefinition> }
  | { type: 'DeleteAgent'; agentId: string; userId: string; isDefault: boolean }
  | { type: 'CreateAppKey'; agentId: string; userId: string; isDefault: boolean; keyId: string; keySha256: string; hint: string }
  | { type: 'RevokeAppKey'; agentId: string; userId: string; keyId: string };

export class DefaultAgentKept extends DomainError {
  readonly kind = 'conflict' as const;
  constructor() {
    super('the default agent cannot be deleted; edit it instead');
  }
}

/** App keys an agent may have at once (Dify's limit per app too). */
export const MAX_APP_KEYS = 10;

export const initialAgentState = (): AgentState => ({
  exists: false,
  deleted: false,
  agentId: null,
  ownerId: null,
  version: 0,
  definition: null,
  appKeys: [],
});

export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  const next = { ...state, version: event.data.version };
  switch (event.type) {
    case 'AgentCreated': {
      const { agentId, ownerId, version: _, ...definition } = event.data;
      return { ...next, exists: true, agentId, ownerId, definition };
    }
    case 'AgentUpdated': {
      const { agentId: _, version: __, ...changes } = event.data;
      return { ...next, definition: { ...(state.definition as AgentDefinition), ...changes } };
    }
    case 'AgentDeleted':
      return { ...next, exists: false, deleted: true, appKeys: [] };
    case 'AppKeyCreated':
      return { ...next, appKeys: [...state.appKeys, event.data.keyId] };
    case 'AppKeyRevoked':
      return { ...next, appKeys: state.appKeys.filter((id) => id !== event.data.keyId) };
  }
}

export const foldAgent = (events: AgentEvent[], from: AgentState = initialAgentState()): AgentState => events.reduce(evolveAgent, from);

/** The events a command produces, versioned from the state's; throws a DomainError to refuse. */
export function decideAgent(command: AgentCommand, state: AgentState): AgentEvent[] {
  const { agentId } = command;
  switch (command.type) {
    case 'CreateAgent': {
      if (state.version > 0) throw new InvalidCommand(`agent_id '${agentId}' is taken`, 'agent_id');
      if (command.definition.slug === DEFAULT_AGENT_SLUG) throw new AgentSlugTaken(DEFAULT_AGENT_SLUG);
      return [{ type: 'AgentCreated', data: { agentId, ownerId: command.ownerId, version: 1, ...command.definition } }];
    }
    case 'UpdateAgent': {
      const { userId, isDefault } = command;
      const created: AgentEvent[] =
        isDefault && state.version === 0
          ? [{ type: 'AgentCreated', data: { agentId, ownerId: userId, version: 1, ...defaultAgentDefinition() } }]
          : [];
      const current = created.length ? foldAgent(created) : state;
      requireOwnAgent(current, command);
      const { slug } = command.changes;
      if (isDefault && slug !== undefined && slug !== DEFAULT_AGENT_SLUG) {
        throw new InvalidCommand(`slug: the default agent's slug stays '${DEFAULT_AGENT_SLUG}'`, 'slug');
      }
      if (!isDefault && slug === DEFAULT_AGENT_SLUG) throw new AgentSlugTaken(DEFAULT_AGENT_SLUG);
      const changes = changedFields(current.definition as AgentDefinition, command.changes);
      // Nothing changes: nothing is written, not even the default agent's creation.
      if (Object.keys(changes).length === 0) return [];
      return [...created, { type: 'AgentUpdated', data: { agentId, version: current.version + 1, ...changes } }];
    }
    case 'DeleteAgent':
      if (command.isDefault) throw new DefaultAgentKept();
      requireOwnAgent(state, command);
      return [{ type: 'AgentDeleted', data: { agentId, version: state.version + 1 } }];
    case 'CreateAppKey': {
      const { userId, keyId, keySha256, hint } = command;
      // The default agent exists before it is written: its first key writes its creation too.
      const created: AgentEvent[] =
        command.isDefault && state.version === 0
          ? [{ type: 'AgentCreated', data: { agentId, ownerId: userId, version: 1, ...defaultAgentDefinition() } }]
          : [];
      const current = created.length ? foldAgent(created) : state;
      requireOwnAgent(current, command);
      if (current.appKeys.includes(keyId)) throw new InvalidCommand(`key_id '${keyId}' is taken`, 'key_id');
      if (current.appKeys.length >= MAX_APP_KEYS) {
        throw new InvalidCommand(`the agent has ${MAX_APP_KEYS} app keys, the most it may have; revoke one first`, 'agent_id');
      }
      const data = { agentId, version: current.version + 1, keyId, ownerId: userId, keySha256, hint };
      return [...created, { type: 'AppKeyCreated', data }];
    }
    case 'RevokeAppKey':
      requireOwnAgent(state, command);
      if (!state.appKeys.includes(command.keyId)) throw new AppKeyNotFound(command.keyId);
      return [{ type: 'AppKeyRevoked', data: { agentId, version: state.version + 1, keyId: command.keyId } }];
  }
}

/** Only what differs from the definition: a repeated change is no event at all. */
function changedFields(definition: AgentDefinition, changes: Partial<AgentDefinition>): Partial<AgentDefinition> {
  const entries = Object.entries(changes).filter(
    ([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(definition[key as keyof AgentDefinition]),
  );
  return Object.fromEntries(entries) as Partial<AgentDefinition>;
}

/** Another user's agent is reported exactly like a missing one. */
function requireOwnAgent(state: AgentState, command: { agentId: string; userId: string }): void {
  if (!state.exists || state.ownerId !== command.userId) throw new AgentNotFound(command.agentId);
}
