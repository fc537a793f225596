import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { DeleteMessageController } from './delete-message/delete-message.controller';
import { DeleteMessageHandler } from './delete-message/delete-message.handler';
import { DeleteWorkflowController } from './delete-workflow/delete-workflow.controller';
import { DeleteWorkflowHandler } from './delete-workflow/delete-workflow.handler';
import { PlaygroundController } from './queries/playground.controller';
import { WorkflowQueries } from './queries/workflow-queries.service';
import { WorkflowsController } from './queries/workflows.controller';
import { StartWorkflowController } from './start-workflow/start-workflow.controller';
import { StartWorkflowHandler } from './start-workflow/start-workflow.handler';
import { StopWorkflowController } from './stop-workflow/stop-workflow.controller';
import { StopWorkflowHandler } from './stop-workflow/stop-workflow.handler';
import { UpdateWorkflowController } from './update-workflow/update-workflow.controller';
import { UpdateWorkflowHandler } from './update-workflow/update-workflow.handler';

/** The chat playground and workflow API face (shared/seeds/chat-playground-api.md): /api/chat/playground/* and /api/workflows/*. */
@Module({
  // This order keeps /docs listing the routes as it did when each URL prefix had one controller.
  controllers: [
    StartWorkflowController,
    StopWorkflowController,
    PlaygroundController,
    WorkflowsController,
    UpdateWorkflowController,
    DeleteWorkflowController,
    DeleteMessageController,
  ],
  providers: [
    CommandDispatcher,
    WorkflowQueries,
    StartWorkflowHandler,
    StopWorkflowHandler,
    UpdateWorkflowHandler,
    DeleteWorkflowHandler,
    DeleteMessageHandler,
  ],
})
export class WorkflowsModule {}
