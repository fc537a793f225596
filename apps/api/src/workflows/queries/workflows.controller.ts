import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { PageAfterThread, PagedResponse } from '../../http/pagination';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { UserId } from '../../http/request-context';
import { LogsQuery, MessagesQuery } from './workflow-queries.dto';
import { WorkflowQueries } from './workflow-queries.service';
import { workflowStatus } from './workflow-views';

const workflowIdPipe = new IdPipe('workflowId');

/** chat-playground-api.md: the reads of /api/workflows. */
@ApiTags('workflows')
@ApiErrors(400, 404)
@Controller('api/workflows')
export class WorkflowsController {
  constructor(private readonly queries: WorkflowQueries) {}

  @Get()
  @UseInterceptors(PagedResponse)
  list(@UserId() userId: string, @Query() page: PageAfterThread) {
    return this.queries.list(userId, page);
  }

  @Get(':workflowId')
  get(@Param('workflowId', workflowIdPipe) workflowId: string, @UserId() userId: string) {
    return this.queries.workflow(userId, workflowId);
  }

  @Get(':workflowId/status')
  async status(@Param('workflowId', workflowIdPipe) workflowId: string, @UserId() userId: string) {
    return workflowStatus(await this.queries.workflow(userId, workflowId));
  }

  @Get(':workflowId/logs')
  logs(@Param('workflowId', workflowIdPipe) workflowId: string, @Query() query: LogsQuery, @UserId() userId: string) {
    return this.queries.logs(userId, workflowId, query.logId);
  }

  @Get(':workflowId/messages')
  messages(@Param('workflowId', workflowIdPipe) workflowId: string, @Query() query: MessagesQuery, @UserId() userId: string) {
    return this.queries.messages(userId, workflowId, query.messageId);
  }
}
