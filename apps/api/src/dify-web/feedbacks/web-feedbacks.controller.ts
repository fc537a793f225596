import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, OmitType } from '@nestjs/swagger';
import { SuccessResult } from '../../http/dify/chat-messages/chat-message.dto';
import { MessageFeedbackRequest } from '../../http/dify/feedbacks/feedback.dto';
import { DifyFeedbacks } from '../../http/dify/feedbacks/feedbacks.service';
import { IgnoresUnknownFields } from '../../http/validation.pipe';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';

/** POST /api/messages/{id}/feedbacks (the seed's MessageFeedbackPayload): `rating` like/dislike/null, `content`. */
@IgnoresUnknownFields()
export class WebFeedbackRequest extends OmitType(MessageFeedbackRequest, ['user'] as const) {}

/** The passport's end user rates the answers of their conversations (the same feedbacks the service API records and lists). */
@DifyWebController(400, 404)
export class WebFeedbacksController {
  constructor(private readonly feedbacks: DifyFeedbacks) {}

  @Post('messages/:message_id/feedbacks')
  @HttpCode(200)
  @ApiOkResponse({ type: SuccessResult })
  async feedback(@WebApp() app: DifyWebContext, @Param('message_id') id: string, @Body() body: WebFeedbackRequest): Promise<SuccessResult> {
    await this.feedbacks.record(app, app.endUserId, id, body.rating ?? null, body.content ?? null);
    return { result: 'success' };
  }
}
