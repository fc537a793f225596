import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChatCompletionResponse, ChatMessageMetadata, DifyUsage, SuccessResult } from '../../http/dify/chat-messages/chat-message.dto';
import { ChatTurns } from '../../http/dify/chat-messages/chat-turns.service';
import { DifyTasks } from '../../http/dify/chat-messages/dify-tasks';
import { answerTurn } from '../../http/dify/chat-messages/turn-answer';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';
import { WebChatMessageRequest } from './web-chat-message.dto';

const STREAM =
  "As the service API's POST /v1/chat-messages, for the passport's end user: blocking, the whole answer as JSON; streaming, " +
  "Dify's frames (workflow_started, node_started/finished, message, message_end, workflow_finished; `error` on failure, HTTP " +
  'staying 200; `event: ping` every 10 s). parent_message_id answers after that message: its branch goes on, or a new one is forked there.';

/** The web app's chat: the same turns, conversations and branches as the service API, the end user being the passport's. */
@DifyWebController(400, 404, 413)
@ApiExtraModels(DifyUsage, ChatMessageMetadata)
export class WebChatMessagesController {
  constructor(
    private readonly turns: ChatTurns,
    private readonly tasks: DifyTasks,
  ) {}

  @Post('chat-messages')
  @HttpCode(200)
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ChatCompletionResponse, description: STREAM })
  async send(@WebApp() app: DifyWebContext, @Body() body: WebChatMessageRequest, @Res() res: Response): Promise<void> {
    // Dify's web apps never name a conversation from the chat call (auto_generate_name false).
    const started = await this.turns.start(app, { ...body, auto_generate_name: false }, app.endUserId);
    await answerTurn(this.turns, started, body.response_mode, res);
  }

  /** Stops the task if it is this end user's and not over, from any API process; success whatever the case, as Dify answers. */
  @Post('chat-messages/:task_id/stop')
  @HttpCode(200)
  @ApiOkResponse({ type: SuccessResult })
  async stop(@WebApp() app: DifyWebContext, @Param('task_id') taskId: string): Promise<SuccessResult> {
    await this.tasks.stop(app, app.endUserId, taskId);
    return { result: 'success' };
  }
}
