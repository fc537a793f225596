import { AgentDefinition, AgentEvent, defaultAgentDefinition } from './agent-events';
import {
  AgentCommand,
  AgentState,
  decideAgent,
  DefaultAgentKept,
  evolveAgent,
  foldAgent,
  initialAgentState,
  MAX_APP_KEYS,
} from './agent.decider';
import { AgentNotFound, AgentSlugTaken, AppKeyNotFound, InvalidCommand } from './domain-errors';

const run = (commands: AgentCommand[], state: AgentState = initialAgentState()) =>
  commands.reduce((s, c) => decideAgent(c, s).reduce(evolveAgent, s), state);

const definition = (overrides: Partial<AgentDefinition> = {}): AgentDefinition => ({
  ...defaultAgentDefinition(),
  slug: 'helper',
  name: 'Helper',
  ...overrides,
});

describe('agent decider', () => {
  const created = run([{ type: 'CreateAgent', agentId: 'a', ownerId: 'u', definition: definition() }]);

  it('creates an agent at version 1 and versions each change by one', () => {
    expect(created).toMatchObject({ exists: true, ownerId: 'u', version: 1, definition: { slug: 'helper', mode: 'chat' } });
    const events = decideAgent({ type: 'UpdateAgent', agentId: 'a', userId: 'u', isDefault: false, changes: { mode: 'react' } }, created);
    expect(events).toEqual([{ type: 'AgentUpdated', data: { agentId: 'a', version: 2, mode: 'react' } }]);
    expect(foldAgent(events, created)).toMatchObject({ version: 2, definition: { mode: 'react', name: 'Helper' } });
  });

  it('writes nothing for a change that changes nothing', () => {
    const same = { type: 'UpdateAgent', agentId: 'a', userId: 'u', isDefault: false, changes: { name: 'Helper', tools: null } } as const;
    expect(decideAgent(same, created)).toEqual([]);
  });

  it('writes nothing of the default agent for a change that changes nothing, its own slug included', () => {
    for (const changes of [{}, { slug: 'assistant' }, { name: 'Assistant', tools: null }]) {
      expect(decideAgent({ type: 'UpdateAgent', agentId: 'd', userId: 'u', isDefault: true, changes }, initialAgentState())).toEqual([]);
    }
  });

  it("refuses another user's agent exactly like a missing one, and a second create", () => {
    expect(() =>
      decideAgent({ type: 'UpdateAgent', agentId: 'a', userId: 'm', isDefault: false, changes: { name: 'x' } }, created),
    ).toThrow(AgentNotFound);
    expect(() => decideAgent({ type: 'DeleteAgent', agentId: 'a', userId: 'm', isDefault: false }, created)).toThrow(AgentNotFound);
    expect(() => decideAgent({ type: 'CreateAgent', agentId: 'a', ownerId: 'u', definition: definition() }, created)).toThrow(
      InvalidCommand,
    );
  });

  it('deletes an agent for good: later changes find nothing, its id stays taken', () => {
    const deleted = run([{ type: 'DeleteAgent', agentId: 'a', userId: 'u', isDefault: false }], created);
    expect(deleted).toMatchObject({ exists: false, deleted: true, version: 2 });
    expect(() =>
      decideAgent({ type: 'UpdateAgent', agentId: 'a', userId: 'u', isDefault: false, changes: { name: 'x' } }, deleted),
    ).toThrow(AgentNotFound);
    expect(() => decideAgent({ type: 'CreateAgent', agentId: 'a', ownerId: 'u', definition: definition() }, deleted)).toThrow(
      InvalidCommand,
    );
  });

  it("keeps the default agent's slug to itself", () => {
    expect(() =>
      decideAgent({ type: 'CreateAgent', agentId: 'b', ownerId: 'u', definition: definition({ slug: 'assistant' }) }, initialAgentState()),
    ).toThrow(AgentSlugTaken);
    const rename = { type: 'UpdateAgent', agentId: 'a', userId: 'u', isDefault: false, changes: { slug: 'assistant' } } as const;
    expect(() => decideAgent(rename, created)).toThrow(AgentSlugTaken);
  });

  it('writes the default agent with its first change, in one go, and never lets it go or be renamed', () => {
    const events: AgentEvent[] = decideAgent(
      { type: 'UpdateAgent', agentId: 'd', userId: 'u', isDefault: true, changes: { systemPrompt: 'Be brief.' } },
      initialAgentState(),
    );
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['AgentCreated', 1],
      ['AgentUpdated', 2],
    ]);
    const state = foldAgent(events);
    expect(state.definition).toEqual({ ...defaultAgentDefinition(), systemPrompt: 'Be brief.' });
    expect(() => decideAgent({ type: 'DeleteAgent', agentId: 'd', userId: 'u', isDefault: true }, state)).toThrow(DefaultAgentKept);
    expect(() => decideAgent({ type: 'DeleteAgent', agentId: 'd', userId: 'u', isDefault: true }, initialAgentState())).toThrow(
      DefaultAgentKept,
    );
    const rename = { type: 'UpdateAgent', agentId: 'd', userId: 'u', isDefault: true, changes: { slug: 'other' } } as const;
    expect(() => decideAgent(rename, state)).toThrow(expect.objectContaining({ field: 'slug', kind: 'invalid' }));
  });

  describe('app keys', () => {
    const key = (keyId: string, userId = 'u', agentId = 'a') =>
      ({ type: 'CreateAppKey', agentId, userId, isDefault: false, keyId, keySha256: `sha-${keyId}`, hint: 'wxyz' }) as const;

    it('records a key by its hash, versioned like every event of the stream, and revokes it', () => {
      const events = decideAgent(key('k1'), created);
      expect(events).toEqual([
        { type: 'AppKeyCreated', data: { agentId: 'a', version: 2, keyId: 'k1', ownerId: 'u', keySha256: 'sha-k1', hint: 'wxyz' } },
      ]);
      const withKeys = run([key('k1'), key('k2')], created);
      expect(withKeys).toMatchObject({ version: 3, appKeys: ['k1', 'k2'], definition: { slug: 'helper' } });
      const revoke = { type: 'RevokeAppKey', agentId: 'a', userId: 'u', keyId: 'k1' } as const;
      expect(run([revoke], withKeys)).toMatchObject({ version: 4, appKeys: ['k2'] });
      expect(() => decideAgent(revoke, run([revoke], withKeys))).toThrow(AppKeyNotFound);
      expect(() => decideAgent(key('k2'), withKeys)).toThrow(InvalidCommand);
    });

    it('takes at most MAX_APP_KEYS keys at once', () => {
      const full = run(
        Array.from({ length: MAX_APP_KEYS }, (_, i) => key(`k${i}`)),
        created,
      );
      expect(() => decideAgent(key('one-more'), full)).toThrow(/revoke one first/);
      const freed = run([{ type: 'RevokeAppKey', agentId: 'a', userId: 'u', keyId: 'k0' }, key('one-more')], full);
      expect(freed.appKeys).toHaveLength(MAX_APP_KEYS);
    });

    it("refuses another user's agent and a deleted one exactly like a missing one", () => {
      expect(() => decideAgent(key('k1', 'm'), created)).toThrow(AgentNotFound);
      expect(() => decideAgent({ type: 'RevokeAppKey', agentId: 'a', userId: 'm', keyId: 'k1' }, run([key('k1')], created))).toThrow(
        AgentNotFound,
      );
      const deleted = run([key('k1'), { type: 'DeleteAgent', agentId: 'a', userId: 'u', isDefault: false }], created);
      expect(deleted.appKeys).toEqual([]);
      expect(() => decideAgent(key('k2'), deleted)).toThrow(AgentNotFound);
    });

    it("writes the default agent's creation with its first key", () => {
      const events = decideAgent({ ...key('k1', 'u', 'd'), isDefault: true }, initialAgentState());
      expect(events.map((e: AgentEvent) => [e.type, e.data.version])).toEqual([
        ['AgentCreated', 1],
        ['AppKeyCreated', 2],
      ]);
    });
  });
});
