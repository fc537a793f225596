import { Module } from '@nestjs/common';
import { DifyConversations } from '../conversations/dify-conversations';
import { EndUserRecorder } from '../end-users/end-user-recorder';
import { AppInfo } from '../queries/app-info.service';
import { AudioController } from './audio.controller';
import { MessageAnswer } from './message-answer';
import { SpeechProvider } from './speech-provider';
import { SpeechSettings } from './speech-settings';

/**
 * /v1/audio-to-text and /v1/text-to-audio. SpeechSettings is exported for GET /v1/parameters; the stateless
 * services of the face it needs are its own instances, so the face's module only imports this one.
 */
@Module({
  controllers: [AudioController],
  providers: [SpeechSettings, SpeechProvider, MessageAnswer, AppInfo, EndUserRecorder, DifyConversations],
  exports: [SpeechSettings],
})
export class AudioModule {}
