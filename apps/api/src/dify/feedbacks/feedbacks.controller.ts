import { endUserId } from '@forkline/domain';
import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { SuccessResult } from '../../http/dify/chat-messages/chat-message.dto';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import { AppFeedbacksQuery, AppFeedbacksResponse, MessageFeedbackRequest } from '../../http/dify/feedbacks/feedback.dto';
import { DifyFeedbacks } from '../../http/dify/feedbacks/feedbacks.service';

/** Feedbacks: an end user rates the answers of their own conversations; the app lists them all. */
@DifyController(400, 404)
export class FeedbacksController {
  constructor(private readonly feedbacks: DifyFeedbacks) {}

  /** Rates an answer (`like` | `dislike`), or revokes the rating (`rating` null or absent); recorded in the thread's log. */
  @Post('messages/:message_id/feedbacks')
  @HttpCode(200)
  @ApiOkResponse({ type: SuccessResult })
  async feedback(
    @DifyApp() app: DifyAppContext,
    @Param('message_id') messageId: string,
    @Body() body: MessageFeedbackRequest,
  ): Promise<SuccessResult> {
    await this.feedbacks.record(app, endUserId(app.agentId, body.user), messageId, body.rating ?? null, body.content ?? null);
    return { result: 'success' };
  }

  @Get('app/feedbacks')
  @ApiOkResponse({ type: AppFeedbacksResponse })
  list(@DifyApp() app: DifyAppContext, @Query() query: AppFeedbacksQuery): Promise<AppFeedbacksResponse> {
    return this.feedbacks.list(app, query.page, query.limit);
  }
}
