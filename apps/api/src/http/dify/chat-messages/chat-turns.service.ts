import { Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { endUserId, replyIdFor, runIdFor } from '@forkline/domain';
import { ThreadForker, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { StorageQuota } from '../../storage-quota';
import { ProjectionsService } from '../../../infrastructure/projections.service';
import { FeedCursor } from '../../../infrastructure/thread-feed/feed-cursor';
import { ThreadFeed } from '../../../infrastructure/thread-feed/thread-feed';
import { DifyConversations, DifyMessageMetadata } from '../conversations/dify-conversations';
import { DifyAppContext } from '../dify-app-context';
import { EndUserRecorder } from '../end-users/end-user-recorder';
import { DifyFiles } from '../files/dify-files';
import { attachFiles } from '../files/message-files';
import { ChatMessageRequest } from './chat-message.dto';

/** A chat message of either face: /v1 names its end user (`user`), the web face's passport does. */
export type ChatTurnRequest = Omit<ChatMessageRequest, 'user'> & { user?: string };
import { AnnotationReplies } from './annotation-replies';
import { TurnPlacement } from './turn-placement';
import { ChatTurn, TurnChunks } from './turn-chunks';

/**
 * Sends a /v1 chat message into its conversation (a new one, or the end user's own) and follows the run that answers
 * it on the thread's live feed, the one the native SSE stream reads.
 */
@Injectable()
export class ChatTurns {
  constructor(
    private readonly conversations: DifyConversations,
    private readonly endUsers: EndUserRecorder,
    private readonly repository: ThreadRepository,
    private readonly lineage: ThreadLineage,
    private readonly quota: StorageQuota,
    private readonly feed: ThreadFeed,
    private readonly projections: ProjectionsService,
    private readonly placement: TurnPlacement,
    private readonly forker: ThreadForker,
    private readonly files: DifyFiles,
    private readonly annotationReplies: AnnotationReplies,
  ) {}

  /**
   * Everything is checked before anything is written: a refused message records no end user, thread or message. The end
   * user is the body's `user` (/v1, recorded at first use) or the one a web passport names (`endUser`, already recorded).
   */
  async start(
    app: DifyAppContext,
    body: ChatTurnRequest,
    endUser = endUserId(app.agentId, body.user!),
  ): Promise<{ turn: ChatTurn; from: FeedCursor }> {
    const inputs = body.inputs ?? {};
    const place = await this.placement.place(app, endUser, body.conversation_id, body.parent_message_id);
    await this.quota.check(app.ownerId, { content: body.query, inputs });
    const messageId = randomUUID();
    const files = await attachFiles(this.files, app, endUser, body.files ?? [], messageId);
    if (body.user !== undefined) await this.endUsers.record(app, body.user);
    const conversationId = place.conversationId ?? (await this.conversations.start(app, body.query, body.auto_generate_name !== false));
    const threadId =
      'forkOf' in place ? await this.fork(app, place.forkOf, place.atEventNumber) : 'threadId' in place ? place.threadId : conversationId;
    const head = await this.lineage.head(threadId);
    // From the thread's head on: this turn's events, and the live records of the attempt running now, if any.
    const from = await this.feed.startCursor(threadId, (head?.head ?? 0) + 1);
    const taskId = runIdFor(threadId, messageId);
    const first = place.conversationId === null;
    const tag = { conversation_id: conversationId, agent_id: app.agentId, end_user_id: endUser, inputs, ...(first && { first }) };
    const metadata: DifyMessageMetadata = { dify: { ...tag, ...(files.length > 0 && { files }) } };
    const createdAt = Math.floor(Date.now() / 1000);
    const annotation = await this.annotationReplies.find(app, body.query);
    const reply = annotation
      ? { runId: taskId, messageId: replyIdFor(taskId), content: annotation.annotation.answer, agent: annotation.agent }
      : undefined;
    const outcome = await this.repository.execute(
      { type: 'SendMessage', threadId, userId: app.ownerId, messageId, content: body.query, metadata: { ...metadata }, reply },
      app.context,
    );
    // The conversation is found by the end user's next call (read-your-writes).
    await this.projections.waitForReadModels(outcome.position);
    // Answered with the message unless another message of the thread still waits for the agent (replies keep their order).
    const answered = annotation && outcome.events.some((e) => e.type === 'AssistantMessageAdded');
    const annotationReply = answered ? await this.annotationReplies.hit(app, annotation, messageId) : undefined;
    const turn = {
      conversationId,
      threadId,
      agentId: app.agentId,
      messageId,
      taskId,
      replyId: replyIdFor(taskId),
      createdAt,
      inputs,
      ...(annotationReply && { annotationReply }),
    };
    return { turn, from };
  }

  /** A branch of the conversation at a message: O(1), the fork every face makes; listed by the read models before it is used. */
  private async fork(app: DifyAppContext, sourceThreadId: string, eventNumber: number): Promise<string> {
    const fork = await this.forker.fork(sourceThreadId, eventNumber, app.context, (r) => this.projections.waitForReadModels(r.position));
    return fork.newThreadId;
  }

  /** The turn's chunks as the run goes, batch by batch, until it is over (`chunks.outcome`) or `signal` aborts. */
  async *follow(chunks: TurnChunks, turn: ChatTurn, from: FeedCursor, signal: AbortSignal): AsyncGenerator<Record<string, unknown>[]> {
    for await (const items of this.feed.subscribe(turn.threadId, from, signal)) {
      const batch = chunks.take(items);
      if (batch.length > 0) yield batch;
      if (chunks.outcome) break;
    }
  }
}
