import {
  AgentSlugTaken,
  agentSlugsStreamId,
  ConcurrencyConflict,
  deterministicId,
  SlugIndexEvent,
  THREAD_SCHEMA_VERSION,
} from '@forkline/domain';
import { EventStore, RecordedEvent, WrongExpectedRevision } from './event-store.port';
import { CommandContext, MAX_APPEND_ATTEMPTS } from './thread-repository';
import { DEFAULT_CACHED_THREADS } from './lru-cache';
import { StreamFolds } from './stream-folds';

interface Claim {
  agentId: string;
  claimedMs: number;
}

interface FoldedIndex {
  claims: Map<string, Claim>;
  revision: number;
}

/**
 * How long a claim counts as taken even though its agent does not carry the slug (yet): the claimer appends
 * its agent event right after the claim, and a rival in between must not take the slug. A claimer that
 * crashed between the two appends leaves the slug blocked for this long, no more.
 */
export const SLUG_CLAIM_GRACE_MS = 30_000;

/** Whether the agent carries the slug now (its own stream says so). */
export type SlugHolderCheck = (agentId: string, slug: string) => Promise<boolean>;

/**
 * A user's slugs, in one stream appended with the expected revision: of two writers claiming one slug at once,
 * one append fails, and that writer then finds the slug taken. Claims are made before the agent takes the slug
 * and released after it gives it up, so the index never shows a slug free while an agent still carries it.
 */
export class AgentSlugIndex {
  private readonly folds: StreamFolds<FoldedIndex>;

  constructor(
    private readonly store: EventStore,
    private readonly carries: SlugHolderCheck,
    cachedOwners = DEFAULT_CACHED_THREADS,
    private readonly now: () => number = Date.now,
  ) {
    this.folds = new StreamFolds(store, cachedOwners, () => ({ claims: new Map(), revision: -1 }), foldClaims);
  }

  /** Claims `slug` for the agent (at `version`, for a deterministic event id); throws AgentSlugTaken when another agent holds it. */
  async claim(ownerId: string, slug: string, agentId: string, version: number, context: CommandContext): Promise<void> {
    const event: SlugIndexEvent = { type: 'SlugClaimed', data: { slug, agentId } };
    for (let attempt = 1; ; attempt++) {
      const { claims, revision } = await this.load(ownerId);
      const holder = claims.get(slug);
      if (holder?.agentId === agentId) return;
      if (holder && (this.now() - holder.claimedMs < SLUG_CLAIM_GRACE_MS || (await this.carries(holder.agentId, slug)))) {
        throw new AgentSlugTaken(slug);
      }
      if (await this.append(ownerId, event, `${agentId}:${slug}:${version}`, revision, context)) return;
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(agentSlugsStreamId(ownerId));
    }
  }

  /** Gives the slug up, if the agent still holds it (a later claimer may have taken it over). */
  async release(ownerId: string, slug: string, agentId: string, version: number, context: CommandContext): Promise<void> {
    const event: SlugIndexEvent = { type: 'SlugReleased', data: { slug, agentId } };
    for (let attempt = 1; ; attempt++) {
      const { claims, revision } = await this.load(ownerId);
      if (claims.get(slug)?.agentId !== agentId) return;
      if (await this.append(ownerId, event, `${agentId}:${slug}:${version}`, revision, context)) return;
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(agentSlugsStreamId(ownerId));
    }
  }

  /** The agents holding each claimed slug (a claim may be stale: check the agent carries the slug). */
  async claims(ownerId: string): Promise<Map<string, string>> {
    const { claims } = await this.load(ownerId);
    return new Map([...claims].map(([slug, claim]) => [slug, claim.agentId]));
  }

  /** False when another writer moved the index first (then it is read again). */
  private async append(ownerId: string, event: SlugIndexEvent, name: string, revision: number, context: CommandContext): Promise<boolean> {
    const streamId = agentSlugsStreamId(ownerId);
    const envelope = {
      eventId: deterministicId(`${event.type}:${name}`),
      ...event,
      metadata: { ...context, occurredAt: new Date(this.now()).toISOString(), schemaVersion: THREAD_SCHEMA_VERSION },
    };
    try {
      await this.store.append(streamId, [envelope], revision < 0 ? 'no_stream' : revision);
      return true;
    } catch (error) {
      // The next load reads what the other writer appended.
      if (!(error instanceof WrongExpectedRevision)) throw error;
      return false;
    }
  }

  /** The index as folded so far, and what was appended since (the stream grows with every change; its claims do not). */
  private load(ownerId: string): Promise<FoldedIndex> {
    return this.folds.load(agentSlugsStreamId(ownerId));
  }
}

/** The claims held after these events (a copy: the cached index stays as it was). */
function foldClaims({ claims: before }: FoldedIndex, page: RecordedEvent[]): Pick<FoldedIndex, 'claims'> {
  const claims = new Map(before);
  for (const e of page) {
    const { slug, agentId } = e.data as SlugIndexEvent['data'];
    if (e.type === 'SlugClaimed') claims.set(slug, { agentId, claimedMs: Date.parse(e.metadata.occurredAt) });
    else if (claims.get(slug)?.agentId === agentId) claims.delete(slug);
  }
  return { claims };
}
