import { EndUserCreated, endUserId, endUserStreamId, deterministicId, THREAD_SCHEMA_VERSION } from '@forkline/domain';
import { EventStore, WrongExpectedRevision } from './event-store.port';
import { CommandContext } from './thread-repository';

/** An app's end user as recorded, with when it was first seen. */
export interface EndUser {
  endUserId: string;
  agentId: string;
  ownerId: string;
  externalUserId: string;
  createdAt: string;
}

/**
 * End users of apps (agents), one stream each, written once at first use. The id and the event id derive from the
 * app and the user string, so concurrent first uses (in any process) write one event: the rival's append finds the
 * stream there (or is the same event again) and the user is read back.
 */
export class EndUsers {
  constructor(private readonly store: EventStore) {}

  async find(id: string): Promise<EndUser | null> {
    const [first] = await this.store.readStream(endUserStreamId(id), { limit: 1 });
    if (!first || first.type !== 'EndUserCreated') return null;
    return { ...(first.data as EndUserCreated['data']), createdAt: first.metadata.occurredAt };
  }

  /** The app's end user named `externalUserId`, recorded now if this is its first use. */
  async ensure(app: { agentId: string; ownerId: string }, externalUserId: string, context: CommandContext): Promise<EndUser> {
    const id = endUserId(app.agentId, externalUserId);
    const known = await this.find(id);
    if (known) return known;
    const data: EndUserCreated['data'] = { endUserId: id, agentId: app.agentId, ownerId: app.ownerId, externalUserId };
    const occurredAt = new Date().toISOString();
    try {
      await this.store.append(
        endUserStreamId(id),
        [
          {
            eventId: deterministicId(`EndUserCreated:${id}`),
            type: 'EndUserCreated',
            data,
            metadata: { ...context, occurredAt, schemaVersion: THREAD_SCHEMA_VERSION },
          },
        ],
        'no_stream',
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
    }
    return (await this.find(id))!;
  }
}
