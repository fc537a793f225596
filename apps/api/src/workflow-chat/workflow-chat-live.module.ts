import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { CancelExecutionController } from './cancel-execution/cancel-execution.controller';
import { CancelExecutionHandler } from './cancel-execution/cancel-execution.handler';
import { ExecutionQueries } from './queries/execution-queries.service';
import { ExecutionsController } from './queries/executions.controller';
import { ChannelAccess } from './socket/channel-access';
import { ThreadChannels } from './socket/thread-channels';
import { WorkflowSocketGateway } from './socket/workflow-socket.gateway';

/** The workflow chat face's executions (/api/v1/executions/*) and its WebSocket (/ws/). The chat routes are WorkflowChatModule's. */
@Module({
  controllers: [ExecutionsController, CancelExecutionController],
  providers: [CommandDispatcher, ExecutionQueries, CancelExecutionHandler, ChannelAccess, ThreadChannels, WorkflowSocketGateway],
})
export class WorkflowChatLiveModule {}
