import { Module } from '@nestjs/common';
import { DifyCoreModule } from '../http/dify/dify-core.module';
import { AnnotationReplyController } from './annotation-reply/annotation-reply.controller';
import { AnnotationsController } from './annotations/annotations.controller';
import { AudioController } from './audio/audio.controller';
import { ChatMessagesController } from './chat-messages/chat-messages.controller';
import { ConversationsController } from './conversations/conversations.controller';
import { FeedbacksController } from './feedbacks/feedbacks.controller';
import { FilesController } from './files/files.controller';
import { OtherAppModesController } from './other-app-modes/other-app-modes.controller';
import { AppInfoController } from './queries/app-info.controller';
import { EndUsersController } from './queries/end-users.controller';
import { DifyRootController } from './queries/root.controller';
import { SuggestedController } from './suggested/suggested.controller';
import { VariablesController } from './variables/variables.controller';
import { WorkflowRunsController } from './workflow-runs/workflow-runs.controller';
import { WorkflowRuns } from './workflow-runs/workflow-runs.service';

/**
 * The Dify service API face (/v1, seeds/dify-chatflow-openapi.json): a Dify app is an agent, reached with one of its
 * app keys; the request's `user` is an end user of that app. Errors answer in Dify's envelope (http/dify-error.ts).
 */
@Module({
  imports: [DifyCoreModule],
  controllers: [
    DifyRootController,
    AppInfoController,
    EndUsersController,
    ChatMessagesController,
    ConversationsController,
    FeedbacksController,
    SuggestedController,
    VariablesController,
    FilesController,
    AudioController,
    OtherAppModesController,
    AnnotationsController,
    AnnotationReplyController,
    WorkflowRunsController,
  ],
  providers: [WorkflowRuns],
})
export class DifyModule {}
