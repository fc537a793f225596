import {
  AgentCommand,
  AgentDefinition,
  AgentEvent,
  AgentState,
  agentStreamId,
  ConcurrencyConflict,
  decideAgent,
  defaultAgentDefinition,
  defaultAgentId,
  deterministicId,
  evolveAgent,
  foldAgent,
  initialAgentState,
  InvalidCommand,
  THREAD_SCHEMA_VERSION,
} from '@forkline/domain';
import { EventStore, NewEvent, Position, StreamDeleted, WrongExpectedRevision } from './event-store.port';
import { AgentSlugIndex } from './agent-slug-index';
import { CommandContext, MAX_APPEND_ATTEMPTS } from './thread-repository';
import { KeyedMutex } from './keyed-mutex';
import { DEFAULT_CACHED_THREADS, LruCache } from './lru-cache';

/** An agent as a run uses it: which one, which version, and what it says. */
export interface ResolvedAgent {
  agentId: string;
  version: number;
  definition: AgentDefinition;
}

export interface AgentOutcome {
  state: AgentState;
  /** Log position of the agent's last event written (or already there); undefined when nothing was written. */
  position: Position | undefined;
}

interface Folded {
  state: AgentState;
  revision: number;
}

/**
 * Agents as event-sourced aggregates (stream `agent-<agentId>`), with the per-owner slug index kept in step:
 * a slug is claimed before an agent takes it and released after. Changes of one owner's agents are serialized
 * in-process; other processes are fenced by the expected revisions of the agent stream and the slug index.
 */
export class AgentRepository {
  private readonly locks = new KeyedMutex();
  private readonly cache: LruCache<string, Folded>;
  private readonly slugs: AgentSlugIndex;

  constructor(
    private readonly store: EventStore,
    cachedAgents = DEFAULT_CACHED_THREADS,
  ) {
    this.cache = new LruCache(cachedAgents);
    this.slugs = new AgentSlugIndex(
      store,
      async (agentId, slug) => (await this.load(agentId)).state.definition?.slug === slug,
      cachedAgents,
    );
  }

  async load(agentId: string): Promise<Folded> {
    const streamId = agentStreamId(agentId);
    const cached = this.cache.get(streamId) ?? { state: initialAgentState(), revision: -1 };
    const newer = await this.store.readStream(streamId, { fromRevision: cached.revision + 1 });
    if (newer.length === 0) return cached;
    const state = newer.reduce((s, e) => evolveAgent(s, { type: e.type, data: e.data } as AgentEvent), cached.state);
    const fresh = { state, revision: newer[newer.length - 1].revision };
    this.cache.set(streamId, fresh);
    return fresh;
  }

  /** The user's agent with this id (their default one, written or not), or null: missing, deleted or another user's. */
  async find(userId: string, agentId: string): Promise<ResolvedAgent | null> {
    const { state } = await this.load(agentId);
    if (state.exists && state.ownerId === userId) return { agentId, version: state.version, definition: state.definition! };
    if (agentId === defaultAgentId(userId) && state.version === 0) return { agentId, version: 0, definition: defaultAgentDefinition() };
    return null;
  }

  /** The user's agents from the write side alone (no read model): the default one first, then by slug. */
  async list(userId: string): Promise<ResolvedAgent[]> {
    const claims = [...(await this.slugs.claims(userId))].sort(([a], [b]) => a.localeCompare(b));
    const found = await Promise.all(
      claims.map(async ([slug, agentId]) => ((await this.find(userId, agentId))?.definition.slug === slug ? agentId : null)),
    );
    const ids = [defaultAgentId(userId), ...found.filter((id): id is string => id !== null)];
    return (await Promise.all(ids.map((id) => this.find(userId, id)))).filter((a): a is ResolvedAgent => a !== null);
  }

  /** The agent a thread's run answers with: the thread's, or the owner's default one when it is gone (deleted). */
  async forThread(ownerId: string, agentId: string | null): Promise<ResolvedAgent> {
    const own = agentId === null ? null : await this.find(ownerId, agentId);
    return own ?? (await this.find(ownerId, defaultAgentId(ownerId)))!;
  }

  /** The agent as it was at `version` (what a run that recorded it answers with, even after later changes). */
  async at(agentId: string, version: number): Promise<ResolvedAgent> {
    const events = version > 0 ? await this.store.readStream(agentStreamId(agentId), { limit: version }) : [];
    const state = foldAgent(events.map((e) => ({ type: e.type, data: e.data }) as AgentEvent));
    return { agentId, version, definition: state.definition ?? defaultAgentDefinition() };
  }

  create(agentId: string, ownerId: string, definition: AgentDefinition, context: CommandContext): Promise<AgentOutcome> {
    return this.locks.run(ownerId, async () => {
      const command: AgentCommand = { type: 'CreateAgent', agentId, ownerId, definition };
      decideAgent(command, (await this.load(agentId)).state); // refuses before the slug is claimed
      await this.slugs.claim(ownerId, definition.slug, agentId, 0, context);
      return this.execute(command, context);
    });
  }

  update(agentId: string, userId: string, changes: Partial<AgentDefinition>, context: CommandContext): Promise<AgentOutcome> {
    return this.locks.run(userId, async () => {
      const command: AgentCommand = { type: 'UpdateAgent', agentId, userId, isDefault: agentId === defaultAgentId(userId), changes };
      const { state } = await this.load(agentId);
      const to = decideAgent(command, state)
        .map((e) => (e.type === 'AgentUpdated' ? e.data.slug : undefined))
        .find((slug) => slug !== undefined);
      if (to === undefined) return this.execute(command, context);
      const from = state.definition!.slug;
      await this.slugs.claim(userId, to, agentId, state.version, context);
      const outcome = await this.execute(command, context);
      await this.slugs.release(userId, from, agentId, outcome.state.version, context);
      return outcome;
    });
  }

  delete(agentId: string, userId: string, context: CommandContext): Promise<AgentOutcome> {
    return this.locks.run(userId, async () => {
      const command: AgentCommand = { type: 'DeleteAgent', agentId, userId, isDefault: agentId === defaultAgentId(userId) };
      const outcome = await this.execute(command, context);
      const slug = (await this.load(agentId)).state.definition?.slug;
      if (slug) await this.slugs.release(userId, slug, agentId, outcome.state.version, context);
      return outcome;
    });
  }

  /** Decides on the agent's state and appends with the expected revision, deciding again when another writer came first. */
  private async execute(command: AgentCommand, context: CommandContext): Promise<AgentOutcome> {
    const streamId = agentStreamId(command.agentId);
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(command.agentId);
      const events = decideAgent(command, state);
      if (events.length === 0) return { state, position: undefined };
      const occurredAt = new Date().toISOString();
      const envelopes: NewEvent[] = events.map((e) => ({
        // The same change again is the same event (a no-op); a rival's other change at this version is not.
        eventId: deterministicId(`${e.type}:${JSON.stringify(e.data)}`),
        type: e.type,
        data: e.data,
        metadata: { ...context, occurredAt, schemaVersion: THREAD_SCHEMA_VERSION },
      }));
      try {
        const result = await this.store.append(streamId, envelopes, revision < 0 ? 'no_stream' : revision);
        if (result.nextRevision !== revision + envelopes.length) {
          // A rival appended these very events first: read back rather than fold them twice.
          this.cache.delete(streamId);
          return { state: (await this.load(command.agentId)).state, position: result.position };
        }
        const after = { state: events.reduce(evolveAgent, state), revision: result.nextRevision };
        this.cache.set(streamId, after);
        return { state: after.state, position: result.position };
      } catch (error) {
        if (error instanceof StreamDeleted) throw new InvalidCommand(`agent_id '${command.agentId}' is taken`, 'agent_id');
        if (!(error instanceof WrongExpectedRevision)) throw error;
        this.cache.delete(streamId);
        if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(streamId);
      }
    }
  }
}
