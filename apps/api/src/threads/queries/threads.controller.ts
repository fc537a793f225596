import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../http/api-docs';
import { BranchItem, MessageItem, ThreadHead } from './thread-views.dto';
import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { PageAfterThread, PagedResponse } from '../../http/pagination';
import { ThreadMessagesRequest } from './thread-lists.dto';
import { UserId } from '../../http/request-context';
import { IdPipe } from '../../http/id.pipe';
import { ThreadQueries } from './thread-queries.service';
import { ThreadStateQuery } from './thread-state.service';
import { ThreadStateRequest } from './thread-state.dto';
import { ThreadEventsRequest } from './thread-events.dto';

const threadIdPipe = new IdPipe('thread_id');

@ApiTags('threads: queries')
@ApiErrors(400, 404)
@Controller('threads')
export class ThreadsController {
  constructor(
    private readonly queries: ThreadQueries,
    private readonly timeTravel: ThreadStateQuery,
  ) {}

  @Get()
  @ApiOkResponse({ type: ThreadHead, isArray: true })
  @UseInterceptors(PagedResponse)
  list(@UserId() userId: string, @Query() page: PageAfterThread) {
    return this.queries.list(userId, page);
  }

  @Get(':thread_id/messages')
  @ApiOkResponse({ type: MessageItem, isArray: true })
  @UseInterceptors(PagedResponse)
  messages(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string, @Query() query: ThreadMessagesRequest) {
    return this.queries.messages(userId, threadId, query.checkpoint_id, query);
  }

  @Get(':thread_id/branches')
  @ApiOkResponse({ type: BranchItem, isArray: true })
  @UseInterceptors(PagedResponse)
  branches(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string, @Query() page: PageAfterThread) {
    return this.queries.branches(userId, threadId, page);
  }

  @Get(':thread_id/state')
  @ApiQuery({ name: 'checkpoint_id', required: false, description: 'The thread as it was at this checkpoint' })
  @ApiQuery({ name: 'event_number', required: false, description: 'The thread as it was at this event number' })
  state(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string, @Query() query: ThreadStateRequest) {
    return this.timeTravel.state(userId, threadId, { checkpointId: query.checkpoint_id, eventNumber: query.event_number });
  }

  @Get(':thread_id/events')
  @ApiQuery({ name: 'from', required: false, description: 'First event number (default 0)' })
  @ApiQuery({
    name: 'limit',
    required: false,
    description:
      'At most this many events (1-1000, default 100). A page also stops at 4 MiB of JSON (one event is always returned), ' +
      'so a shorter page is not the end: ask on with from = the last event_number + 1 until the answer is [].',
  })
  events(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string, @Query() query: ThreadEventsRequest) {
    return this.timeTravel.events(userId, threadId, query.from, query.limit);
  }

  @Get(':thread_id/head')
  @ApiOkResponse({ type: ThreadHead })
  head(@UserId() userId: string, @Param('thread_id', threadIdPipe) threadId: string) {
    return this.queries.head(userId, threadId);
  }
}
