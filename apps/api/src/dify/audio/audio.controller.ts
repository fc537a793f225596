import { Body, HttpCode, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { ReadableStream as WebReadableStream } from 'stream/web';
import { endUserId } from '@forkline/domain';
import { DifyError } from '../../http/dify-error';
import { DifyApp, DifyController } from '../dify-app';
import { DifyAppContext, DifyErrorResponse } from '../../http/dify/dify-app-context';
import { EndUserRecorder } from '../../http/dify/end-users/end-user-recorder';
import { AppInfo } from '../../http/dify/queries/app-info.service';
import { AudioUpload, uploadedAudio } from '../../http/dify/audio/audio-upload';
import { AudioToTextRequest, AudioToTextResponse, TextToAudioRequest } from '../../http/dify/audio/audio.dto';
import { MessageAnswer } from '../../http/dify/audio/message-answer';
import { providerNotInitialized } from '../../http/dify/audio/provider-failure';
import { SpeechProvider } from '../../http/dify/audio/speech-provider';
import { SpeechSettings } from '../../http/dify/audio/speech-settings';

/** Dify's anonymous end user, whom a request without `user` stands for. */
const DEFAULT_USER = 'DEFAULT-USER';
const noSpeechToText = () => new DifyError(400, 'provider_not_support_speech_to_text', 'Provider not support speech to text.');
const PROVIDER_CODES =
  '`provider_not_initialize` (the provider refused the key), `provider_quota_exceeded` (429), `model_currently_not_support` ' +
  '(no such model), `completion_request_error` (any other failure, or the provider cannot be reached); `app_unavailable`';
const Fails = (status: number, description: string) => ApiResponse({ status, description, type: DifyErrorResponse });
/**
 * Speech both ways through the OpenAI-compatible provider (OPENAI_BASE_URL, OPENAI_API_KEY; see SpeechSettings).
 * Nothing is written but the end user, on success: the audio and the text are not kept.
 */
@DifyController(400)
export class AudioController {
  constructor(
    private readonly settings: SpeechSettings,
    private readonly speech: SpeechProvider,
    private readonly answers: MessageAnswer,
    private readonly info: AppInfo,
    private readonly endUsers: EndUserRecorder,
  ) {}

  @Post('audio-to-text')
  @HttpCode(200)
  @UseInterceptors(AudioUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AudioToTextRequest })
  @ApiOkResponse({ type: AudioToTextResponse, description: 'What the audio says, as the provider heard it' })
  @Fails(
    400,
    `\`no_audio_uploaded\`, \`provider_not_support_speech_to_text\` (no speech-to-text model), ${PROVIDER_CODES}; \`invalid_param\``,
  )
  @Fails(413, '`audio_too_large`: over 30 MB')
  @Fails(415, '`unsupported_audio_type`: not mp3, mp4, mpeg, mpga, m4a, wav, webm or amr')
  async audioToText(
    @DifyApp() app: DifyAppContext,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: AudioToTextRequest,
  ): Promise<AudioToTextResponse> {
    await this.info.definition(app); // a deleted app is app_unavailable, as everywhere
    if (!this.settings.speechToTextModel) throw noSpeechToText();
    const text = await this.speech.transcribe(uploadedAudio(file));
    await this.endUsers.record(app, body.user);
    return { text };
  }

  @Post('text-to-audio')
  @HttpCode(200)
  @ApiProduces('audio/mpeg')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description: "The audio, with the provider's Content-Type (audio/mpeg); streaming: sent as it is made",
  })
  @Fails(
    400,
    `\`invalid_param\` (the message names the field); ${PROVIDER_CODES}; without a text-to-speech model: \`provider_not_initialize\``,
  )
  @Fails(404, "`not_found`: message_id is no message of this end user's")
  async textToAudio(@DifyApp() app: DifyAppContext, @Body() body: TextToAudioRequest, @Res() res: Response): Promise<void> {
    const { voice } = this.settings.agentSpeech(await this.info.definition(app));
    if (!this.settings.textToSpeechModel) throw providerNotInitialized();
    const input = await this.answers.speechInput(app, endUserId(app.agentId, body.user || DEFAULT_USER), body);
    if (!body.streaming) {
      const audio = await this.speech.speakWhole(input, body.voice ?? voice);
      await this.endUsers.record(app, body.user);
      res.status(200).setHeader('Content-Type', audio.contentType).end(audio.bytes);
      return;
    }
    const audio = await this.speech.speak(input, body.voice ?? voice);
    await this.endUsers.record(app, body.user);
    res.status(200).setHeader('Content-Type', audio.contentType);
    res.flushHeaders();
    // Once the first bytes are out, a provider that breaks off can only end the response early.
    await pipeline(Readable.fromWeb(audio.body as WebReadableStream<Uint8Array>), res).catch(() => res.destroy());
  }
}
