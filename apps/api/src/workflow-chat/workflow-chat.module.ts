import { Module } from '@nestjs/common';
import { CommandDispatcher } from '../http/command-dispatcher';
import { ClearChatHistoryController } from './clear-chat-history/clear-chat-history.controller';
import { ClearChatHistoryHandler } from './clear-chat-history/clear-chat-history.handler';
import { ChatHistoryController } from './queries/chat-history.controller';
import { ChatHistory } from './queries/chat-history.service';
import { WorkflowAgents } from './queries/workflow-agents.service';
import { PipelitWorkflowsController } from './queries/pipelit-workflows.controller';
import { SendChatMessageController } from './send-chat-message/send-chat-message.controller';
import { SendChatMessageHandler } from './send-chat-message/send-chat-message.handler';

/**
 * The workflow chat face (shared/seeds/workflow-chat-api.md, Pipelit): /api/v1/workflows/*. A workflow is an agent; a
 * user's conversation with it is one thread; an execution is the run answering a message.
 */
@Module({
  // The chat routes before the workflow lookup, so /docs lists them first.
  controllers: [SendChatMessageController, ChatHistoryController, ClearChatHistoryController, PipelitWorkflowsController],
  providers: [CommandDispatcher, WorkflowAgents, ChatHistory, SendChatMessageHandler, ClearChatHistoryHandler],
})
export class WorkflowChatModule {}
