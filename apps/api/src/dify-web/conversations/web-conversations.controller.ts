import { Body, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { DifyError } from '../../http/dify-error';
import { ConversationViews } from '../../http/dify/conversations/conversation-views';
import { ConversationListItem, ConversationsListResponse } from '../../http/dify/conversations/conversation.dto';
import { conversationName, DifyConversations } from '../../http/dify/conversations/dify-conversations';
import { conversationFiles } from '../../http/dify/files/conversation-files';
import { DifyFiles } from '../../http/dify/files/dify-files';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';
import { WebConversationsQuery, WebRenameConversationRequest } from './web-conversation.dto';

/** The passport's end user's conversations: listed (pinned or not), renamed, deleted. Anyone else's do not exist. */
@DifyWebController(400, 404)
export class WebConversationsController {
  constructor(
    private readonly views: ConversationViews,
    private readonly conversations: DifyConversations,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly files: DifyFiles,
  ) {}

  @Get('conversations')
  @ApiOkResponse({ type: ConversationsListResponse })
  list(@WebApp() app: DifyWebContext, @Query() query: WebConversationsQuery): Promise<ConversationsListResponse> {
    const pinned = query.pinned === undefined ? undefined : query.pinned === 'true';
    return this.views.list(app, app.endUserId, { ...query, pinned });
  }

  /** Names it (`name`), or after its first query (`auto_generate`: what Dify's web app calls after the first answer). */
  @Post('conversations/:conversation_id/name')
  @HttpCode(200)
  @ApiOkResponse({ type: ConversationListItem })
  async rename(
    @WebApp() app: DifyWebContext,
    @Param('conversation_id') id: string,
    @Body() body: WebRenameConversationRequest,
  ): Promise<ConversationListItem> {
    const name = body.name?.trim();
    if (!body.auto_generate && !name) throw new DifyError(400, 'invalid_param', 'name: must not be empty unless auto_generate is true');
    const threadId = await this.conversations.find(app, app.endUserId, id);
    let newName = name!;
    if (body.auto_generate) {
      const [first] = await this.readStore.query('messages', { thread_id: threadId, role: 'user' }, { orderBy: 'event_number', limit: 1 });
      newName = conversationName(first.content, true);
    }
    await this.conversations.rename(app, threadId, newName);
    return this.views.conversation(app, app.endUserId, threadId);
  }

  /** 204 with no body, as Dify answers; its branches and uploads go with it (and its pin: the row is gone). */
  @Delete('conversations/:conversation_id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its branches and the bytes of the uploads its messages attach' })
  async delete(@WebApp() app: DifyWebContext, @Param('conversation_id') id: string): Promise<void> {
    const threadId = await this.conversations.find(app, app.endUserId, id);
    const files = await conversationFiles(this.readStore, threadId);
    await this.conversations.delete(app, threadId);
    await this.files.remove(app, files);
  }
}
