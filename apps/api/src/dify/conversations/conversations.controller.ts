import { Body, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { endUserId } from '@forkline/domain';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { DifyError } from '../../http/dify-error';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { conversationFiles } from '../../http/dify/files/conversation-files';
import { DifyFiles } from '../../http/dify/files/dify-files';
import { publicBase } from '../../http/dify/files/file-urls';
import { ConversationViews } from '../../http/dify/conversations/conversation-views';
import {
  ConversationListItem,
  ConversationsListResponse,
  ConversationsQuery,
  DeleteConversationRequest,
  ConversationHistoryResponse,
  MessagesQuery,
  RenameConversationRequest,
} from '../../http/dify/conversations/conversation.dto';
import { conversationName, DifyConversations } from '../../http/dify/conversations/dify-conversations';

/** Dify's anonymous end user, whom a request without `user` stands for (it has no conversations: chat requires `user`). */
const DEFAULT_USER = 'DEFAULT-USER';
const endUserOf = (app: DifyAppContext, user: string | undefined) => endUserId(app.agentId, user || DEFAULT_USER);

/** The end user's conversations and their messages: listed, renamed, deleted. Another's are reported as missing. */
@DifyController(400, 404)
export class ConversationsController {
  constructor(
    private readonly views: ConversationViews,
    private readonly conversations: DifyConversations,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly files: DifyFiles,
  ) {}

  @Get('conversations')
  @ApiOkResponse({ type: ConversationsListResponse })
  list(@DifyApp() app: DifyAppContext, @Query() query: ConversationsQuery): Promise<ConversationsListResponse> {
    return this.views.list(app, endUserOf(app, query.user), query);
  }

  @Get('messages')
  @ApiOkResponse({ type: ConversationHistoryResponse })
  messages(@DifyApp() app: DifyAppContext, @Query() query: MessagesQuery, @Req() req: Request): Promise<ConversationHistoryResponse> {
    return this.views.messages(app, endUserOf(app, query.user), query, { base: publicBase(req), user: query.user });
  }

  @Post('conversations/:conversation_id/name')
  @HttpCode(200)
  @ApiOkResponse({ type: ConversationListItem })
  async rename(
    @DifyApp() app: DifyAppContext,
    @Param('conversation_id') id: string,
    @Body() body: RenameConversationRequest,
  ): Promise<ConversationListItem> {
    const name = body.name?.trim();
    if (!body.auto_generate && !name) throw new DifyError(400, 'invalid_param', 'name: must not be empty unless auto_generate is true');
    const threadId = await this.conversations.find(app, endUserOf(app, body.user), id);
    let newName = name!;
    if (body.auto_generate) {
      const [first] = await this.readStore.query('messages', { thread_id: threadId, role: 'user' }, { orderBy: 'event_number', limit: 1 });
      newName = conversationName(first.content, true);
    }
    await this.conversations.rename(app, threadId, newName);
    return this.views.conversation(app, endUserOf(app, body.user), threadId);
  }

  /** 204 with no body, as Dify answers (its clients treat it as success). */
  @Delete('conversations/:conversation_id')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: "Deleted, with its branches and the uploads its messages attach (their bytes; the log keeps each file's record)",
  })
  async delete(
    @DifyApp() app: DifyAppContext,
    @Param('conversation_id') id: string,
    @Body() body: DeleteConversationRequest,
  ): Promise<void> {
    const threadId = await this.conversations.find(app, endUserOf(app, body?.user), id);
    const files = await conversationFiles(this.readStore, threadId);
    await this.conversations.delete(app, threadId);
    // Once the conversation is gone (a failed delete keeps its files): FileRemoved for each, then its bytes.
    await this.files.remove(app, files);
  }
}
