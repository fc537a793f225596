import { Module } from '@nestjs/common';
import { DifyCoreModule } from '../http/dify/dify-core.module';
import { BootstrapController } from './bootstrap/bootstrap.controller';
import { PassportController } from './passport/passport.controller';
import { AccountsController } from './unsupported/accounts.controller';
import { WebAudioController } from './audio/web-audio.controller';
import { WebChatMessagesController } from './chat-messages/web-chat-messages.controller';
import { WebConversationsController } from './conversations/web-conversations.controller';
import { WebFeedbacksController } from './feedbacks/web-feedbacks.controller';
import { WebFilesController } from './files/web-files.controller';
import { PinConversationController } from './pin-conversation/pin-conversation.controller';
import { WebAppInfoController } from './queries/web-app-info.controller';
import { WebMessagesController } from './queries/web-messages.controller';
import { HumanInputController } from './unsupported/human-input.controller';
import { WebOtherAppModesController } from './unsupported/other-app-modes.controller';

/**
 * The Dify web-app API face (/api, seeds/dify-web-api.txt): what a browser chat front end built for Dify's web apps
 * calls, with a passport (GET /api/passport) instead of a key. Same apps, end users and conversations as the service
 * API (/v1): both are controllers over DifyCoreModule. Errors answer in Dify's envelope (http/dify-error.ts).
 */
@Module({
  imports: [DifyCoreModule],
  controllers: [
    PassportController,
    BootstrapController,
    AccountsController,
    WebOtherAppModesController,
    HumanInputController,
    WebAppInfoController,
    WebChatMessagesController,
    WebConversationsController,
    PinConversationController,
    WebMessagesController,
    WebFeedbacksController,
    WebFilesController,
    WebAudioController,
  ],
})
export class DifyWebModule {}
