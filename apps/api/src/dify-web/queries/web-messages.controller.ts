import { Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { DifyError } from '../../http/dify-error';
import { ConversationViews } from '../../http/dify/conversations/conversation-views';
import { publicBase } from '../../http/dify/files/file-urls';
import { SuggestedQuestionsResponse } from '../../http/dify/suggested/suggested.dto';
import { SuggestedQuestions } from '../../http/dify/suggested/suggested-questions.service';
import { WebMessagesQuery, WebMessagesResponse } from '../conversations/web-conversation.dto';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';

/** Dify's web API answers 403 when the agent has suggested questions off (the service API: 400). */
const suggestedOff = () =>
  new DifyError(
    403,
    'app_suggested_questions_after_answer_disabled',
    "The 'Suggested Questions After Answer' feature is disabled. Please refresh your page.",
  );

/** A conversation's messages and the questions suggested after an answer, for the passport's end user. */
@DifyWebController(400, 404)
export class WebMessagesController {
  constructor(
    private readonly views: ConversationViews,
    private readonly suggested: SuggestedQuestions,
  ) {}

  @Get('messages')
  @ApiOkResponse({ type: WebMessagesResponse })
  async messages(@WebApp() app: DifyWebContext, @Query() query: WebMessagesQuery, @Req() req: Request): Promise<WebMessagesResponse> {
    const page = await this.views.messages(app, app.endUserId, query, { base: publicBase(req) });
    return { ...page, data: page.data.map((item) => ({ ...item, metadata: { retriever_resources: item.retriever_resources } })) };
  }

  @Get('messages/:message_id/suggested-questions')
  @ApiOkResponse({ type: SuggestedQuestionsResponse })
  async suggestedQuestions(@WebApp() app: DifyWebContext, @Param('message_id') id: string): Promise<SuggestedQuestionsResponse> {
    return { result: 'success', data: await this.suggested.after(app, app.endUserId, id, suggestedOff) };
  }
}
