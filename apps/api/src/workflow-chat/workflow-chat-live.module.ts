import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { CancelExecutionController } from './cancel-execution/cancel-execution.controller';
import { CancelExecutionHandler } from './cancel-execution/cancel-execution.handler';
import { ExecutionQueries } from './queries/execution-queries.service';
import { ExecutionsController } from './queries/executions.controller';

/** The workflow chat face's executions (/api/v1/executions/*) and its WebSocket (/ws/). The chat routes are WorkflowChatModule's. */
@Module({
  controllers: [ExecutionsController, CancelExecutionController],
  providers: [CommandDispatcher, ExecutionQueries, CancelExecutionHandler],
})
export class WorkflowChatLiveModule {}
