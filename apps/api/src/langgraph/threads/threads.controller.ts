import { Body, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommandContext } from '@forkline/event-store';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { Actor, UserId } from '../../http/request-context';
import { LangGraphController } from '../langgraph-controller';
import { setPagination } from '../langgraph-paging';
import { answerJson, sendJson } from '../state/state-json';
import { LangGraphThreads } from './langgraph-threads.service';
import {
  CreateLangGraphThreadRequest,
  LangGraphCopyResponse,
  LangGraphThreadResponse,
  SearchLangGraphThreadsRequest,
  UpdateLangGraphThreadRequest,
} from './threads.dto';

const threadIdPipe = new IdPipe('thread_id');

@LangGraphController('threads')
@ApiErrors(400, 404, 409)
export class LangGraphThreadsController {
  constructor(private readonly threads: LangGraphThreads) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: LangGraphThreadResponse })
  create(@Body() body: CreateLangGraphThreadRequest, @Actor() actor: CommandContext) {
    return this.threads.create(body, actor);
  }

  @Post('search')
  @HttpCode(200)
  @ApiOkResponse({ type: LangGraphThreadResponse, isArray: true })
  async search(@UserId() userId: string, @Body() body: SearchLangGraphThreadsRequest, @Res({ passthrough: true }) response: Response) {
    const { items, total } = await this.threads.search(userId, body);
    setPagination(response, total, body.offset ?? 0, body.limit ?? 10, items.length);
    return items;
  }

  @Post('count')
  @HttpCode(200)
  @ApiOkResponse({ type: Number })
  count(@UserId() userId: string, @Body() body: SearchLangGraphThreadsRequest) {
    return this.threads.count(userId, body);
  }

  @Get(':thread_id')
  @ApiOkResponse({ type: LangGraphThreadResponse })
  async get(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string, @Res() res: Response) {
    sendJson(res, answerJson(await this.threads.get(userId, threadId)));
  }

  @Patch(':thread_id')
  @ApiOkResponse({ type: LangGraphThreadResponse })
  update(@Param('thread_id', threadIdPipe) threadId: string, @Body() body: UpdateLangGraphThreadRequest, @Actor() actor: CommandContext) {
    return this.threads.update(actor.actor, threadId, body.metadata, actor);
  }

  @Delete(':thread_id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The thread and its branches are deleted' })
  delete(@Param('thread_id', threadIdPipe) threadId: string, @Actor() actor: CommandContext) {
    return this.threads.delete(actor.actor, threadId, actor);
  }

  @Post(':thread_id/copy')
  @HttpCode(200)
  @ApiOkResponse({ type: LangGraphCopyResponse, description: 'The copy: an O(1) fork at the newest head, checkpoint ids kept' })
  copy(@Param('thread_id', threadIdPipe) threadId: string, @Actor() actor: CommandContext) {
    return this.threads.copy(actor.actor, threadId, actor);
  }
}
