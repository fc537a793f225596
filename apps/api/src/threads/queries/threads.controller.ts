import { Controller, Get, Param, Query } from '@nestjs/common';
import { ThreadIdPipe } from '../thread-id';
import { ThreadQueries } from './thread-queries.service';

@Controller('threads')
export class ThreadsController {
  constructor(private readonly queries: ThreadQueries) {}

  @Get()
  list() {
    return this.queries.list();
  }

  @Get(':thread_id/messages')
  messages(@Param('thread_id', new ThreadIdPipe()) threadId: string, @Query('checkpoint_id') checkpointId?: string | string[]) {
    return this.queries.messages(threadId, checkpointId === undefined ? undefined : new ThreadIdPipe('checkpoint_id').transform(String(checkpointId)));
  }

  @Get(':thread_id/branches')
  branches(@Param('thread_id', new ThreadIdPipe()) threadId: string) {
    return this.queries.branches(threadId);
  }

  @Get(':thread_id/head')
  head(@Param('thread_id', new ThreadIdPipe()) threadId: string) {
    return this.queries.head(threadId);
  }
}
