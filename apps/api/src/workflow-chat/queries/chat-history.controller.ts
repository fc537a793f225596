import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { UserId } from '../../http/request-context';
import { ChatHistoryOut, ChatHistoryQuery } from './chat-history.dto';
import { ChatHistory } from './chat-history.service';

@ApiTags('workflow chat (Pipelit)')
@ApiErrors(400, 404)
@Controller('api/v1/workflows')
export class ChatHistoryController {
  constructor(private readonly history: ChatHistory) {}

  /** The caller's conversation with the workflow since its latest clear; reading creates nothing. */
  @Get(':slug/chat/history')
  @ApiOkResponse({ type: ChatHistoryOut })
  page(@UserId() userId: string, @Param('slug') slug: string, @Query() query: ChatHistoryQuery): Promise<ChatHistoryOut> {
    return this.history.page(userId, slug, query.limit, query.before);
  }
}
