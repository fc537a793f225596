import { Controller, Get, Param, Query } from '@nestjs/common';
import { UserId } from '../../http/request-context';
import { ThreadIdPipe } from '../thread-id';
import { ThreadQueries } from './thread-queries.service';

@Controller('threads')
export class ThreadsController {
  constructor(private readonly queries: ThreadQueries) {}

  @Get()
  list(@UserId() userId: string) {
    return this.queries.list(userId);
  }

  @Get(':thread_id/messages')
  messages(@UserId() userId: string, @Param('thread_id', new ThreadIdPipe()) threadId: string, @Query('checkpoint_id') checkpointId?: string | string[]) {
    return this.queries.messages(userId, threadId, checkpointId === undefined ? undefined : new ThreadIdPipe('checkpoint_id').transform(String(checkpointId)));
  }

  @Get(':thread_id/branches')
  branches(@UserId() userId: string, @Param('thread_id', new ThreadIdPipe()) threadId: string) {
    return this.queries.branches(userId, threadId);
  }

  @Get(':thread_id/head')
  head(@UserId() userId: string, @Param('thread_id', new ThreadIdPipe()) threadId: string) {
    return this.queries.head(userId, threadId);
  }
}
