import { Module } from '@nestjs/common';
import { AnnotationsRepository, EVENT_STORE, EventStore } from '@forkline/event-store';
import { AppConfig } from '@forkline/platform';
import { APP_CONFIG } from '../../infrastructure/tokens';
import { MessageAnswer } from './audio/message-answer';
import { SpeechProvider } from './audio/speech-provider';
import { SpeechSettings } from './audio/speech-settings';
import { AnnotationReplies } from './chat-messages/annotation-replies';
import { ChatTurns } from './chat-messages/chat-turns.service';
import { DifyTasks } from './chat-messages/dify-tasks';
import { TurnPlacement } from './chat-messages/turn-placement';
import { ConversationViews } from './conversations/conversation-views';
import { DifyConversations } from './conversations/dify-conversations';
import { DifyMessages } from './conversations/dify-messages';
import { EndUserRecorder } from './end-users/end-user-recorder';
import { DifyFeedbacks } from './feedbacks/feedbacks.service';
import { DifyFiles } from './files/dify-files';
import { UploadLimits } from './files/upload-limits';
import { AppInfo } from './queries/app-info.service';
import { SuggestedQuestions } from './suggested/suggested-questions.service';
import { ConversationVariables } from './variables/conversation-variables.service';

const SERVICES = [
  AppInfo,
  EndUserRecorder,
  DifyConversations,
  DifyMessages,
  ConversationViews,
  ChatTurns,
  DifyTasks,
  TurnPlacement,
  AnnotationReplies,
  DifyFiles,
  DifyFeedbacks,
  SuggestedQuestions,
  ConversationVariables,
  SpeechSettings,
  SpeechProvider,
  MessageAnswer,
];

/**
 * What Dify's two faces share: its apps, end users, conversations, chat turns, files, feedbacks and speech. The
 * service API (/v1, app keys) and the web API (/api, passports) are controllers over these same services.
 */
@Module({
  providers: [
    ...SERVICES,
    { provide: UploadLimits, inject: [APP_CONFIG], useFactory: (config: AppConfig) => UploadLimits.fromEnv(config.env) },
    { provide: AnnotationsRepository, useFactory: (store: EventStore) => new AnnotationsRepository(store), inject: [EVENT_STORE] },
  ],
  exports: [...SERVICES, UploadLimits, AnnotationsRepository],
})
export class DifyCoreModule {}
