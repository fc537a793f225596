import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { ThreadDeleter, ThreadRepository } from '@forkline/event-store';
import { DifyMessageTag, READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { DifyError } from '../../dify-error';
import { ProjectionsService } from '../../../infrastructure/projections.service';
import { DifyAppContext } from '../dify-app-context';
import { DifyMessageFile } from '../files/message-files';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dify's name for a conversation not named after its first query. */
export const NEW_CONVERSATION = 'New conversation';
const NAME_CHARS = 40;

/** What every user message sent through /v1 carries in its metadata: its conversation, end user and the app's inputs. */
export interface DifyMessageMetadata {
  dify: DifyMessageTag & { files?: DifyMessageFile[] };
}

/** The Dify tag of a user message's stored metadata; undefined for a message not sent through /v1. */
export const difyTagOf = (metadata: string | null | undefined): Partial<DifyMessageMetadata['dify']> | undefined =>
  metadata ? (JSON.parse(metadata) as Partial<DifyMessageMetadata>).dify : undefined;

/**
 * Dify conversations as Forkline threads. A conversation's id is its root thread's id; the thread is the app owner's,
 * belongs to the app's agent, and each user message sent in it names its conversation and end user (metadata.dify),
 * which the `dify_conversations` read model keeps: only that end user of that app finds it — anyone else is told it does not exist.
 */
@Injectable()
export class DifyConversations {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly repository: ThreadRepository,
    private readonly deleter: ThreadDeleter,
    private readonly projections: ProjectionsService,
  ) {}

  /** The root thread of the end user's conversation `id`; else Dify's 404 (400 for an id that is no uuid, as Dify routes it). */
  async find(app: DifyAppContext, endUserId: string, id: string): Promise<string> {
    return (await this.row(app, endUserId, id)).conversation_id;
  }

  /** The end user's conversation `id` as the read model keeps it; else as find(). */
  async row(app: DifyAppContext, endUserId: string, id: string): Promise<RowOf<'dify_conversations'>> {
    if (!UUID.test(id)) throw new DifyError(400, 'invalid_param', 'conversation_id: must be a uuid');
    const where = { conversation_id: id.toLowerCase(), owner_id: app.ownerId, agent_id: app.agentId, end_user_id: endUserId };
    const [row] = await this.readStore.query('dify_conversations', where, { limit: 1 });
    if (!row) throw new DifyError(404, 'not_found', 'Conversation Not Exists.');
    return row;
  }

  /** Names the conversation (its root thread). */
  async rename(app: DifyAppContext, threadId: string, name: string): Promise<void> {
    const outcome = await this.repository.execute({ type: 'UpdateThread', threadId, userId: app.ownerId, name }, app.context);
    await this.projections.waitForReadModels(outcome.position);
  }

  /** Pins (or unpins) the end user's conversation, as an event on its root thread; as it is already: nothing is written. */
  async pin(app: DifyAppContext, row: RowOf<'dify_conversations'>, pin: boolean): Promise<void> {
    const command = {
      type: pin ? ('PinConversation' as const) : ('UnpinConversation' as const),
      threadId: row.conversation_id,
      userId: app.ownerId,
      agentId: app.agentId,
      endUserId: row.end_user_id,
      pinned: row.pinned === 1,
    };
    const outcome = await this.repository.execute(command, app.context);
    if (outcome.position !== undefined) await this.projections.waitForReadModels(outcome.position);
  }

  /**
   * Deletes the conversation: its branches (theirs first), then its root thread, each closed to forks first
   * (ThreadDeleter): a fork of one of them made meanwhile, in any process, fails, or keeps it (409 conflict).
   */
  async delete(app: DifyAppContext, threadId: string): Promise<void> {
    for (const branch of await this.readStore.listBranches(threadId)) await this.delete(app, branch.thread_id);
    const outcome = await this.deleter.delete(threadId, app.ownerId, app.context);
    await this.projections.waitForReadModels(outcome.position);
  }

  /** A new conversation's root thread, named as Dify names it: after its first query, or "New conversation". */
  async start(app: DifyAppContext, query: string, autoName: boolean): Promise<string> {
    const threadId = randomUUID();
    const { agentId, ownerId, context } = app;
    await this.repository.execute({ type: 'CreateThread', threadId, ownerId, agentId }, context);
    await this.repository.execute({ type: 'UpdateThread', threadId, userId: ownerId, name: conversationName(query, autoName) }, context);
    return threadId;
  }
}

/** Dify asks a model for a title; Forkline takes the query's first line (40 characters at most), whatever the model. */
export function conversationName(query: string, autoName: boolean): string {
  const line = query.trim().split('\n')[0].trim();
  if (!autoName || !line) return NEW_CONVERSATION;
  return line.length <= NAME_CHARS ? line : `${line.slice(0, NAME_CHARS - 1)}…`;
}
