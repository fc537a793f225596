import { Module } from '@nestjs/common';
import { AnnotationsRepository, EVENT_STORE, EventStore } from '@forkline/event-store';
import { AnnotationReplyController } from './annotation-reply/annotation-reply.controller';
import { AnnotationsController } from './annotations/annotations.controller';
import { AudioModule } from './audio/audio.module';
import { ChatMessagesController } from './chat-messages/chat-messages.controller';
import { AnnotationReplies } from './chat-messages/annotation-replies';
import { ChatTurns } from './chat-messages/chat-turns.service';
import { DifyTasks } from './chat-messages/dify-tasks';
import { TurnPlacement } from './chat-messages/turn-placement';
import { ConversationViews } from './conversations/conversation-views';
import { ConversationsController } from './conversations/conversations.controller';
import { DifyConversations } from './conversations/dify-conversations';
import { ConversationExtrasModule } from './conversation-extras.module';
import { EndUserRecorder } from './end-users/end-user-recorder';
import { DifyFilesModule } from './files/dify-files.module';
import { OtherAppModesController } from './other-app-modes/other-app-modes.controller';
import { AppInfoController } from './queries/app-info.controller';
import { AppInfo } from './queries/app-info.service';
import { EndUsersController } from './queries/end-users.controller';
import { DifyRootController } from './queries/root.controller';
import { WorkflowRunsController } from './workflow-runs/workflow-runs.controller';
import { WorkflowRuns } from './workflow-runs/workflow-runs.service';

/**
 * The Dify service API face (/v1, seeds/dify-chatflow-openapi.json): a Dify app is an agent, reached with one of its
 * app keys; the request's `user` is an end user of that app. Errors answer in Dify's envelope (http/dify-error.ts).
 */
@Module({
  imports: [AudioModule, DifyFilesModule, ConversationExtrasModule],
  controllers: [
    DifyRootController,
    AppInfoController,
    EndUsersController,
    ChatMessagesController,
    ConversationsController,
    OtherAppModesController,
    AnnotationsController,
    AnnotationReplyController,
    WorkflowRunsController,
  ],
  providers: [
    AppInfo,
    EndUserRecorder,
    DifyConversations,
    ConversationViews,
    ChatTurns,
    DifyTasks,
    TurnPlacement,
    AnnotationReplies,
    WorkflowRuns,
    { provide: AnnotationsRepository, useFactory: (store: EventStore) => new AnnotationsRepository(store), inject: [EVENT_STORE] },
  ],
})
export class DifyModule {}
