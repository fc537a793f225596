import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { endUserId } from '@forkline/domain';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext } from '../../http/dify/dify-app-context';
import {
  ChatCompletionResponse,
  ChatMessageMetadata,
  ChatMessageRequest,
  DifyUsage,
  StopChatMessageRequest,
  SuccessResult,
} from '../../http/dify/chat-messages/chat-message.dto';
import { ChatTurns } from '../../http/dify/chat-messages/chat-turns.service';
import { DifyTasks } from '../../http/dify/chat-messages/dify-tasks';
import { answerTurn } from '../../http/dify/chat-messages/turn-answer';

export { DIFY_PING } from '../../http/dify/chat-messages/turn-answer';

const STREAM =
  'Blocking (default): the whole answer as JSON. Streaming: text/event-stream, one `data: {json}` frame per chunk as Dify frames them: ' +
  'workflow_started, node_started/node_finished per graph node, `message` per answer delta, then message_end (usage) and ' +
  'workflow_finished; on failure workflow_finished(failed) and an `error` chunk (HTTP stays 200); `event: ping` every 10 s. ' +
  'A client that goes away does not stop the run: its answer is kept.';

@DifyController(400, 404, 413)
@ApiExtraModels(DifyUsage, ChatMessageMetadata)
export class ChatMessagesController {
  constructor(
    private readonly turns: ChatTurns,
    private readonly tasks: DifyTasks,
  ) {}

  @Post('chat-messages')
  @HttpCode(200)
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ChatCompletionResponse, description: STREAM })
  async send(@DifyApp() app: DifyAppContext, @Body() body: ChatMessageRequest, @Res() res: Response): Promise<void> {
    await answerTurn(this.turns, await this.turns.start(app, body), body.response_mode, res);
  }

  /** Stops the task if it is this end user's and not over, from any API process; answers success whatever the case, as Dify does. */
  @Post('chat-messages/:task_id/stop')
  @HttpCode(200)
  @ApiOkResponse({ type: SuccessResult })
  async stop(
    @DifyApp() app: DifyAppContext,
    @Param('task_id') taskId: string,
    @Body() body: StopChatMessageRequest,
  ): Promise<SuccessResult> {
    await this.tasks.stop(app, endUserId(app.agentId, body.user), taskId);
    return { result: 'success' };
  }
}
