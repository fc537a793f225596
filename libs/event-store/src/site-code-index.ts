import {
  ConcurrencyConflict,
  deterministicId,
  SiteCodeEvent,
  siteCodeStreamId,
  SiteCodeTaken,
  THREAD_SCHEMA_VERSION,
} from '@forkline/domain';
import { EventStore, WrongExpectedRevision } from './event-store.port';
import { SLUG_CLAIM_GRACE_MS, SlugHolderCheck } from './agent-slug-index';
import { CommandContext, MAX_APPEND_ATTEMPTS } from './thread-repository';

interface Holder {
  agentId: string;
  claimedMs: number;
}

/**
 * Site codes (the Dify web API's `X-App-Code`) across all users: each code has its own stream, appended with the
 * expected revision, so of two writers claiming one code at once one append fails and that writer then finds it taken.
 * The rules are the slug index's: claimed before the agent takes the code, released after it gives it up, and a claim
 * whose agent does not carry the code is stale once the grace period is over.
 */
export class SiteCodeIndex {
  constructor(
    private readonly store: EventStore,
    private readonly carries: SlugHolderCheck,
    private readonly now: () => number = Date.now,
  ) {}

  /** Claims `code` for the agent (at `version`, for a deterministic event id); throws SiteCodeTaken when another agent holds it. */
  async claim(code: string, agentId: string, version: number, context: CommandContext): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { holder, revision } = await this.load(code);
      if (holder?.agentId === agentId) return;
      if (holder && (this.now() - holder.claimedMs < SLUG_CLAIM_GRACE_MS || (await this.carries(holder.agentId, code)))) {
        throw new SiteCodeTaken(code);
      }
      const event: SiteCodeEvent = { type: 'SiteCodeClaimed', data: { siteCode: code, agentId } };
      if (await this.append(code, event, `${agentId}:${version}`, revision, context)) return;
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(siteCodeStreamId(code));
    }
  }

  /** Gives the code up, if the agent still holds it (a later claimer may have taken it over). */
  async release(code: string, agentId: string, version: number, context: CommandContext): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { holder, revision } = await this.load(code);
      if (holder?.agentId !== agentId) return;
      const event: SiteCodeEvent = { type: 'SiteCodeReleased', data: { siteCode: code, agentId } };
      if (await this.append(code, event, `${agentId}:${version}`, revision, context)) return;
      if (attempt >= MAX_APPEND_ATTEMPTS) throw new ConcurrencyConflict(siteCodeStreamId(code));
    }
  }

  /** False when another writer moved the code's stream first (then it is read again). */
  private async append(code: string, event: SiteCodeEvent, name: string, revision: number, context: CommandContext): Promise<boolean> {
    const envelope = {
      eventId: deterministicId(`${event.type}:${code}:${name}`),
      ...event,
      metadata: { ...context, occurredAt: new Date(this.now()).toISOString(), schemaVersion: THREAD_SCHEMA_VERSION },
    };
    try {
      await this.store.append(siteCodeStreamId(code), [envelope], revision < 0 ? 'no_stream' : revision);
      return true;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      return false;
    }
  }

  /** The code's holder and its stream's revision (a code changes hands rarely: its stream stays short). */
  private async load(code: string): Promise<{ holder: Holder | null; revision: number }> {
    const events = await this.store.readStream(siteCodeStreamId(code));
    let holder: Holder | null = null;
    for (const e of events) {
      const { agentId } = e.data as SiteCodeEvent['data'];
      if (e.type === 'SiteCodeClaimed') holder = { agentId, claimedMs: Date.parse(e.metadata.occurredAt) };
      else if (holder?.agentId === agentId) holder = null;
    }
    return { holder, revision: events.at(-1)?.revision ?? -1 };
  }
}
