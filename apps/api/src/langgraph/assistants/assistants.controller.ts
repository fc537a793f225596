import { Body, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { UserId } from '../../http/request-context';
import { LangGraphController } from '../langgraph-controller';
import { setPagination } from '../langgraph-paging';
import { AssistantGraphResponse, AssistantResponse, AssistantSearchRequest } from './assistants.dto';
import { Assistants } from './assistants.service';

const assistantIdPipe = new IdPipe('assistant_id');

@LangGraphController('assistants')
@ApiErrors(400, 404)
export class AssistantsController {
  constructor(private readonly assistants: Assistants) {}

  @Post('search')
  @HttpCode(200)
  @ApiOkResponse({ type: AssistantResponse, isArray: true })
  async search(@UserId() userId: string, @Body() body: AssistantSearchRequest, @Res({ passthrough: true }) response: Response) {
    const { items, total } = await this.assistants.search(userId, body);
    setPagination(response, total, body.offset ?? 0, body.limit ?? 10, items.length);
    return items;
  }

  @Get(':assistant_id')
  @ApiOkResponse({ type: AssistantResponse })
  get(@UserId() userId: string, @Param('assistant_id', assistantIdPipe) id: string) {
    return this.assistants.get(userId, id);
  }

  @Get(':assistant_id/graph')
  @ApiOkResponse({ type: AssistantGraphResponse })
  graph(@UserId() userId: string, @Param('assistant_id', assistantIdPipe) id: string) {
    return this.assistants.graph(userId, id);
  }
}
