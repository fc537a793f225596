import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { UserId } from '../../http/request-context';
import { ChatDataQuery } from './workflow-queries.dto';
import { WorkflowQueries } from './workflow-queries.service';

/** chat-playground-api.md: the reads of /api/chat/playground (its own prefix and docs tag, hence its own controller). */
@ApiTags('chat playground')
@ApiErrors(400, 404)
@Controller('api/chat/playground')
export class PlaygroundController {
  constructor(private readonly queries: WorkflowQueries) {}

  @Get(':workflowId/chatData')
  chatData(@Param('workflowId', new IdPipe('workflowId')) workflowId: string, @Query() query: ChatDataQuery, @UserId() userId: string) {
    return this.queries.chatData(userId, workflowId, query.afterTimestamp);
  }
}
