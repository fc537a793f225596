import { BadRequestException, Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { Actor, UserId } from '../../http/request-context';
import { LangGraphController } from '../langgraph-controller';
import { LangGraphStates } from './langgraph-states.service';
import {
  BeforeParam,
  HistoryRequest,
  StateAtCheckpointRequest,
  ThreadStateResponse,
  UpdateStateRequest,
  UpdateStateResponse,
} from './state.dto';
import { StateUpdates } from './state-update.service';
import { answerJson, sendJson } from './state-json';
import { CommandContext } from '@forkline/event-store';

const threadIdPipe = new IdPipe('thread_id');
const checkpointIdPipe = new IdPipe('checkpoint_id');
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A checkpoint id given in a body, checked as the path ids are. */
function checkpointIdOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID.test(value)) throw new BadRequestException(`${field}: must be a checkpoint id`);
  return value;
}

function beforeOf(before: BeforeParam | undefined): string | undefined {
  if (before === undefined || before === null) return undefined;
  if (typeof before === 'string') return checkpointIdOf(before, 'before');
  if (typeof before !== 'object') throw new BadRequestException('before: must be a checkpoint id or {configurable: {checkpoint_id}}');
  return checkpointIdOf(before.configurable?.checkpoint_id, 'before.configurable.checkpoint_id');
}

@LangGraphController('threads')
@ApiErrors(400, 404)
export class LangGraphStateController {
  constructor(
    private readonly states: LangGraphStates,
    private readonly updates: StateUpdates,
  ) {}

  @Post(':thread_id/state')
  @HttpCode(200)
  @ApiOkResponse({ type: UpdateStateResponse, description: 'The new checkpoint, a child of the given one (default: the newest head)' })
  updateState(@Param('thread_id', threadIdPipe) threadId: string, @Body() body: UpdateStateRequest, @Actor() actor: CommandContext) {
    const given = body.checkpoint_id ?? body.checkpoint?.checkpoint_id;
    const checkpointId = given === undefined || given === null ? undefined : checkpointIdOf(given, 'checkpoint_id');
    return this.updates.update(actor.actor, threadId, { values: body.values, checkpointId, asNode: body.as_node }, actor);
  }

  @Get(':thread_id/state')
  @ApiOkResponse({ type: ThreadStateResponse, description: 'The newest head among all branches' })
  async state(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string, @Res() res: Response) {
    sendJson(res, answerJson(await this.states.current(userId, threadId)));
  }

  @Get(':thread_id/state/:checkpoint_id')
  @ApiOkResponse({ type: ThreadStateResponse })
  async stateAt(
    @UserId() userId: string,
    @Param('thread_id', threadIdPipe) threadId: string,
    @Param('checkpoint_id', checkpointIdPipe) checkpointId: string,
    @Res() res: Response,
  ) {
    sendJson(res, answerJson(await this.states.at(userId, threadId, checkpointId)));
  }

  @Post(':thread_id/state/checkpoint')
  @HttpCode(200)
  @ApiOkResponse({ type: ThreadStateResponse })
  stateAtCheckpoint(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string, @Body() body: StateAtCheckpointRequest) {
    return this.states.at(userId, threadId, checkpointIdOf(body.checkpoint.checkpoint_id, 'checkpoint.checkpoint_id'));
  }

  @Get(':thread_id/history')
  @ApiOkResponse({ type: ThreadStateResponse, isArray: true, description: 'Every branch, newest first' })
  historyGet(
    @UserId() userId: string,
    @Param('thread_id', threadIdPipe) threadId: string,
    @Query() query: HistoryRequest,
    @Res() res: Response,
  ) {
    return this.history(userId, threadId, query, res);
  }

  @Post(':thread_id/history')
  @HttpCode(200)
  @ApiOkResponse({ type: ThreadStateResponse, isArray: true, description: 'Every branch, newest first' })
  historyPost(
    @UserId() userId: string,
    @Param('thread_id', threadIdPipe) threadId: string,
    @Body() body: HistoryRequest,
    @Res() res: Response,
  ) {
    return this.history(userId, threadId, body, res);
  }

  /** A page of states shares most messages from one state to the next: each is serialized once (answerJson). */
  private async history(userId: string, threadId: string, q: HistoryRequest, res: Response) {
    const checkpointId =
      q.checkpoint?.checkpoint_id === undefined ? undefined : checkpointIdOf(q.checkpoint.checkpoint_id, 'checkpoint.checkpoint_id');
    const page = await this.states.history(userId, threadId, {
      limit: q.limit ?? 10,
      before: beforeOf(q.before),
      metadata: q.metadata,
      checkpointId,
    });
    sendJson(res, answerJson(page));
  }
}
