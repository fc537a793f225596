import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { DeleteMessageHandler } from './delete-message/delete-message.handler';
import { DeleteWorkflowHandler } from './delete-workflow/delete-workflow.handler';
import { PlaygroundController } from './playground.controller';
import { WorkflowQueries } from './queries/workflow-queries.service';
import { StopWorkflowHandler } from './stop-workflow/stop-workflow.handler';
import { UpdateWorkflowHandler } from './update-workflow/update-workflow.handler';
import { WorkflowsController } from './workflows.controller';

/** The chat playground and workflow API face (shared/seeds/chat-playground-api.md). */
@Module({
  controllers: [PlaygroundController, WorkflowsController],
  providers: [CommandDispatcher, WorkflowQueries, StopWorkflowHandler, UpdateWorkflowHandler, DeleteWorkflowHandler, DeleteMessageHandler],
})
export class WorkflowsModule {}
