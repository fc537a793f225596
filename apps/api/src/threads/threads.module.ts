import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { CreateThreadController } from './create-thread/create-thread.controller';
import { CreateThreadHandler } from './create-thread/create-thread.handler';
import { ForkThreadController } from './fork-thread/fork-thread.controller';
import { ForkThreadHandler } from './fork-thread/fork-thread.handler';
import { ThreadQueries } from './queries/thread-queries.service';
import { ThreadsController } from './queries/threads.controller';
import { ThreadStateQuery } from './queries/thread-state.service';
import { SendMessageController } from './send-message/send-message.controller';
import { SendMessageHandler } from './send-message/send-message.handler';
import { StreamThreadController } from './stream-thread/stream-thread.controller';

/** The threads API face (shared/seeds/threads-api.md): /commands/* and /threads/*. */
@Module({
  controllers: [CreateThreadController, SendMessageController, ForkThreadController, ThreadsController, StreamThreadController],
  providers: [CommandDispatcher, CreateThreadHandler, SendMessageHandler, ForkThreadHandler, ThreadQueries, ThreadStateQuery],
})
export class ThreadsModule {}
