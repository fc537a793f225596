import { Body, HttpCode, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { endUserId } from '@forkline/domain';
import { DifyError } from '../../http/dify-error';
import { DifyApp, DifyAppContext, DifyController } from '../dify-app';
import { EndUserRecorder } from '../end-users/end-user-recorder';
import { AppInfo } from '../queries/app-info.service';
import { AudioUpload, uploadedAudio } from './audio-upload';
import { AudioToTextRequest, AudioToTextResponse, SPEECH_MAX_CHARS, TextToAudioRequest } from './audio.dto';
import { MessageAnswer } from './message-answer';
import { SpeechProvider } from './speech-provider';
import { SpeechSettings } from './speech-settings';

/** Dify's anonymous end user, whom a request without `user` stands for. */
const DEFAULT_USER = 'DEFAULT-USER';
const NO_SPEECH_TO_TEXT = new DifyError(400, 'provider_not_support_speech_to_text', 'Provider not support speech to text.');
const NO_TEXT_TO_SPEECH = new DifyError(
  400,
  'provider_not_initialize',
  'No valid model provider credentials found. Please go to Settings -> Model Provider to complete your provider credentials.',
);

/**
 * Speech both ways through the OpenAI-compatible provider (OPENAI_BASE_URL, OPENAI_API_KEY; see SpeechSettings).
 * Nothing is written but the end user, on success: the audio and the text are not kept.
 */
@DifyController(400, 404, 413, 415)
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
  @ApiOkResponse({ type: AudioToTextResponse, description: 'Without a speech-to-text model: 400 provider_not_support_speech_to_text' })
  async audioToText(
    @DifyApp() app: DifyAppContext,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: AudioToTextRequest,
  ): Promise<AudioToTextResponse> {
    await this.info.definition(app); // a deleted app is app_unavailable, as everywhere
    if (!this.settings.speechToTextModel) throw NO_SPEECH_TO_TEXT;
    const text = await this.speech.transcribe(uploadedAudio(file));
    await this.endUsers.record(app, body.user);
    return { text };
  }

  @Post('text-to-audio')
  @HttpCode(200)
  @ApiProduces('audio/mpeg')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description:
      "The audio, with the provider's Content-Type (audio/mpeg); streaming: sent as it is made. Without a speech model: 400 provider_not_initialize",
  })
  async textToAudio(@DifyApp() app: DifyAppContext, @Body() body: TextToAudioRequest, @Res() res: Response): Promise<void> {
    const { voice } = this.settings.agentSpeech(await this.info.definition(app));
    if (!this.settings.textToSpeechModel) throw NO_TEXT_TO_SPEECH;
    const input = await this.input(app, body);
    const audio = await this.speech.speak(input, body.voice ?? voice);
    await this.endUsers.record(app, body.user);
    res.status(200).setHeader('Content-Type', audio.contentType);
    const source = Readable.fromWeb(audio.body as import('stream/web').ReadableStream<Uint8Array>);
    if (body.streaming) {
      res.flushHeaders();
      await pipeline(source, res).catch(() => res.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(chunk as Buffer);
    res.end(Buffer.concat(chunks));
  }

  /** The text to speak: the message's answer (before `text`, as Dify takes them), else `text`. */
  private async input(app: DifyAppContext, body: TextToAudioRequest): Promise<string> {
    if (body.message_id) {
      const answer = await this.answers.text(app, endUserId(app.agentId, body.user || DEFAULT_USER), body.message_id);
      if (!answer.trim()) throw new DifyError(400, 'invalid_param', 'message_id: that message has no answer to speak');
      if (answer.length > SPEECH_MAX_CHARS) {
        throw new DifyError(400, 'invalid_param', `message_id: its answer is over ${SPEECH_MAX_CHARS} characters; send a part as text`);
      }
      return answer;
    }
    if (body.text === undefined) throw new DifyError(400, 'invalid_param', 'text: required when no message_id is given');
    return body.text;
  }
}
