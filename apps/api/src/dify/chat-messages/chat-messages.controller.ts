import { Body, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { endUserId } from '@forkline/domain';
import { ThreadRepository } from '@forkline/event-store';
import { DifyError } from '../../http/dify-error';
import { SseStream } from '../../http/sse-stream';
import { ProjectionsService } from '../../infrastructure/projections.service';
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
import { TurnChunks } from '../../http/dify/chat-messages/turn-chunks';

/** Dify's heartbeat: a bare `event: ping` frame every 10 s. */
export const DIFY_PING = 'event: ping\n\n';
const DIFY_PING_MS = 10_000;

const STREAM =
  'Blocking (default): the whole answer as JSON. Streaming: text/event-stream, one `data: {json}` frame per chunk as Dify frames them: ' +
  'workflow_started, node_started/node_finished per graph node, `message` per answer delta, then message_end (usage) and ' +
  'workflow_finished; on failure workflow_finished(failed) and an `error` chunk (HTTP stays 200); `event: ping` every 10 s. ' +
  'A client that goes away does not stop the run: its answer is kept.';

@DifyController(400, 404, 413)
@ApiExtraModels(DifyUsage, ChatMessageMetadata)
export class ChatMessagesController {
  private readonly logger = new Logger('DifyChat');

  constructor(
    private readonly turns: ChatTurns,
    private readonly tasks: DifyTasks,
    private readonly repository: ThreadRepository,
    private readonly projections: ProjectionsService,
  ) {}

  @Post('chat-messages')
  @HttpCode(200)
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ChatCompletionResponse, description: STREAM })
  async send(@DifyApp() app: DifyAppContext, @Body() body: ChatMessageRequest, @Res() res: Response): Promise<void> {
    const { turn, from } = await this.turns.start(app, body);
    const chunks = new TurnChunks(turn);
    if (body.response_mode !== 'streaming') {
      // The turn goes on if the client leaves; only the end of the run ends the wait.
      for await (const _ of this.turns.follow(chunks, turn, from, new AbortController().signal));
      if (chunks.outcome?.status === 'failed') throw new DifyError(400, 'completion_request_error', chunks.outcome.error);
      const answer: ChatCompletionResponse = {
        event: 'message',
        task_id: turn.taskId,
        id: turn.replyId,
        message_id: turn.replyId,
        conversation_id: turn.conversationId,
        mode: 'advanced-chat',
        answer: chunks.answer,
        metadata: chunks.metadata(),
        created_at: turn.createdAt,
      };
      res.status(200).json(answer);
      return;
    }
    const sse = new SseStream(res, DIFY_PING_MS, DIFY_PING);
    try {
      await sse.sendData([chunks.started()]);
      for await (const batch of this.turns.follow(chunks, turn, from, sse.closed)) await sse.sendData(batch);
      await sse.sendData(chunks.end());
    } catch (error) {
      // Streaming has begun: the failure is an error chunk, and HTTP stays 200.
      this.logger.error(`chat stream of task '${turn.taskId}' broke off: ${error}`);
      chunks.outcome = { status: 'failed', error: 'Internal Server Error, please contact support.' };
      await sse.sendData(chunks.end().slice(-1)).catch(() => undefined);
    } finally {
      sse.end();
    }
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
    const task = await this.tasks.unfinished(app, endUserId(app.agentId, body.user), taskId);
    if (task) {
      // Naming the message: a run that ended meanwhile is left as it is (the decider stops nothing).
      const command = { type: 'StopRun' as const, threadId: task.threadId, userId: app.ownerId, replyTo: task.messageId };
      const outcome = await this.repository.execute(command, app.context);
      if (outcome.position !== undefined) await this.projections.waitForReadModels(outcome.position);
    }
    return { result: 'success' };
  }
}
