import {
  AgentCommand,
  AgentDefinition,
  AgentEvent,
  agentStreamId,
  decideAgent,
  defaultAgentDefinition,
  defaultAgentId,
  newSiteCode,
} from '@forkline/domain';
import { EventStore } from './event-store.port';
import { AgentSlugIndex } from './agent-slug-index';
import { SiteCodeIndex } from './site-code-index';
import { AgentOutcome, appendAgentCommand, FoldedAgent, foldAgentPage, unfoldedAgent } from './agent-stream';
import { CommandContext } from './thread-repository';
import { KeyedMutex } from './keyed-mutex';
import { DEFAULT_CACHED_THREADS } from './lru-cache';
import { foldStream, StreamFolds } from './stream-folds';

export type { AgentOutcome } from './agent-stream';

/** An agent as a run uses it: which one, which version, and what it says. */
export interface ResolvedAgent {
  agentId: string;
  version: number;
  definition: AgentDefinition;
}

/** An app key as recorded: its id, its SHA-256 and its last characters. */
export interface NewAppKey {
  keyId: string;
  keySha256: string;
  hint: string;
}

export interface AgentRepositoryOptions {
  /** Where a slug release that failed after its agent's change was written is reported (the change stands). */
  log?: (message: string) => void;
  /** The clock of slug claims (tests move it past the claim grace period). */
  now?: () => number;
}

/**
 * Agents as event-sourced aggregates (stream `agent-<agentId>`), with the per-owner slug index kept in step:
 * a slug is claimed before an agent takes it and released after. Changes of one owner's agents are serialized
 * in-process; other processes are fenced by the expected revisions of the agent stream and the slug index.
 */
export class AgentRepository {
  private readonly locks = new KeyedMutex();
  private readonly folds: StreamFolds<FoldedAgent>;
  private readonly slugs: AgentSlugIndex;
  private readonly siteCodes: SiteCodeIndex;
  private readonly log: (message: string) => void;

  constructor(
    private readonly store: EventStore,
    cachedAgents = DEFAULT_CACHED_THREADS,
    options: AgentRepositoryOptions = {},
  ) {
    this.folds = new StreamFolds(store, cachedAgents, unfoldedAgent, foldAgentPage);
    this.log = options.log ?? console.error;
    // A deleted agent keeps its definition in its state, but holds no slug: a claim it never released is stale.
    const carries = async (agentId: string, slug: string) => {
      const { state } = await this.load(agentId);
      return state.exists && state.definition?.slug === slug;
    };
    this.slugs = new AgentSlugIndex(store, carries, cachedAgents, options.now);
    const carriesCode = async (agentId: string, code: string) => {
      const { state } = await this.load(agentId);
      return state.exists && state.definition?.siteCode === code;
    };
    this.siteCodes = new SiteCodeIndex(store, carriesCode, options.now);
  }

  load(agentId: string): Promise<FoldedAgent> {
    return this.folds.load(agentStreamId(agentId));
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
    const { state } = await foldStream(this.store, agentStreamId(agentId), unfoldedAgent(), foldAgentPage, { toRevision: version - 1 });
    return { agentId, version, definition: state.definition ?? defaultAgentDefinition() };
  }

  /** A new agent; without a site code of its own it gets a generated one. */
  create(agentId: string, ownerId: string, given: AgentDefinition, context: CommandContext): Promise<AgentOutcome> {
    const definition = { ...given, siteCode: given.siteCode ?? newSiteCode() };
    return this.locks.run(ownerId, async () => {
      const command: AgentCommand = { type: 'CreateAgent', agentId, ownerId, definition };
      decideAgent(command, (await this.load(agentId)).state); // refuses before the slug is claimed
      await this.slugs.claim(ownerId, definition.slug, agentId, 0, context);
      await this.siteCodes.claim(definition.siteCode, agentId, 0, context);
      return this.execute(command, context);
    });
  }

  /**
   * Changes the agent. An agent without a site code (one from before them, or the default agent) gets one with its
   * first change that writes anything: a change that changes nothing still writes nothing.
   */
  update(agentId: string, userId: string, given: Partial<AgentDefinition>, context: CommandContext): Promise<AgentOutcome> {
    return this.locks.run(userId, async () => {
      const isDefault = agentId === defaultAgentId(userId);
      const { state } = await this.load(agentId);
      let command: AgentCommand = { type: 'UpdateAgent', agentId, userId, isDefault, changes: given };
      let events = decideAgent(command, state);
      if (events.length > 0 && given.siteCode === undefined && !state.definition?.siteCode) {
        command = { ...command, changes: { ...given, siteCode: newSiteCode() } };
        events = decideAgent(command, state);
      }
      const slugTo = changed(events, 'slug');
      const codeTo = changed(events, 'siteCode');
      if (slugTo !== undefined) await this.slugs.claim(userId, slugTo, agentId, state.version, context);
      if (codeTo !== undefined) await this.siteCodes.claim(codeTo, agentId, state.version, context);
      const outcome = await this.execute(command, context);
      if (slugTo !== undefined) await this.release(userId, state.definition!.slug, agentId, outcome.state.version, context);
      const codeFrom = state.definition?.siteCode;
      if (codeTo !== undefined && codeFrom) await this.releaseCode(codeFrom, agentId, outcome.state.version, context);
      return outcome;
    });
  }

  delete(agentId: string, userId: string, context: CommandContext): Promise<AgentOutcome> {
    return this.locks.run(userId, async () => {
      const command: AgentCommand = { type: 'DeleteAgent', agentId, userId, isDefault: agentId === defaultAgentId(userId) };
      const outcome = await this.execute(command, context);
      const slug = outcome.state.definition?.slug;
      if (slug) await this.release(userId, slug, agentId, outcome.state.version, context);
      const code = outcome.state.definition?.siteCode;
      if (code) await this.releaseCode(code, agentId, outcome.state.version, context);
      return outcome;
    });
  }

  /** Records an app key of the user's agent by its hash (the key itself is never written). */
  createAppKey(agentId: string, userId: string, key: NewAppKey, context: CommandContext): Promise<AgentOutcome> {
    const isDefault = agentId === defaultAgentId(userId);
    return this.locks.run(userId, () => this.execute({ type: 'CreateAppKey', agentId, userId, isDefault, ...key }, context));
  }

  revokeAppKey(agentId: string, userId: string, keyId: string, context: CommandContext): Promise<AgentOutcome> {
    return this.locks.run(userId, () => this.execute({ type: 'RevokeAppKey', agentId, userId, keyId }, context));
  }

  private execute(command: AgentCommand, context: CommandContext): Promise<AgentOutcome> {
    return appendAgentCommand(this.store, this.folds, command, context);
  }

  /**
   * Releases a slug the agent gave up. Its change is written by then, so a failure here is reported, not thrown:
   * the claim left behind is stale (its agent no longer carries the slug) and the next claimer takes it over.
   */
  private async release(userId: string, slug: string, agentId: string, version: number, context: CommandContext): Promise<void> {
    try {
      await this.slugs.release(userId, slug, agentId, version, context);
    } catch (error) {
      this.log(`agent ${agentId}: releasing slug '${slug}' failed (${String(error)}); the next claim of it takes it over`);
    }
  }

  /** As release, for a site code the agent gave up (or took with it when deleted). */
  private async releaseCode(code: string, agentId: string, version: number, context: CommandContext): Promise<void> {
    try {
      await this.siteCodes.release(code, agentId, version, context);
    } catch (error) {
      this.log(`agent ${agentId}: releasing site code '${code}' failed (${String(error)}); the next claim of it takes it over`);
    }
  }
}

/** The new value of a definition field the events change, if they do. */
function changed<K extends 'slug' | 'siteCode'>(events: AgentEvent[], field: K): AgentDefinition[K] | undefined {
  return events.map((e) => (e.type === 'AgentUpdated' ? e.data[field] : undefined)).find((v) => v !== undefined);
}
