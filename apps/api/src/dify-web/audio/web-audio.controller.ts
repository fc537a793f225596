import { Body, HttpCode, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiProperty, ApiResponse, OmitType } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { ReadableStream as WebReadableStream } from 'stream/web';
import { DifyError } from '../../http/dify-error';
import { DifyErrorResponse } from '../../http/dify/dify-app-context';
import { AudioUpload, uploadedAudio } from '../../http/dify/audio/audio-upload';
import { AudioToTextResponse, TextToAudioRequest } from '../../http/dify/audio/audio.dto';
import { MessageAnswer } from '../../http/dify/audio/message-answer';
import { providerNotInitialized } from '../../http/dify/audio/provider-failure';
import { SpeechProvider } from '../../http/dify/audio/speech-provider';
import { SpeechSettings } from '../../http/dify/audio/speech-settings';
import { AppInfo } from '../../http/dify/queries/app-info.service';
import { IgnoresUnknownFields } from '../../http/validation.pipe';
import { DifyWebContext, DifyWebController, WebApp } from '../dify-web-app';

/** POST /api/audio-to-text, multipart/form-data: the audio in `file`. */
export class WebAudioToTextForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The audio: mp3, mp4, mpeg, mpga, m4a, wav, webm or amr, at most 30 MB' })
  file?: unknown;
}

/** POST /api/text-to-audio (the seed's TextToAudioPayload): message_id, text, voice, streaming. */
@IgnoresUnknownFields()
export class WebTextToAudioRequest extends OmitType(TextToAudioRequest, ['user'] as const) {}

const Fails = (status: number, description: string) => ApiResponse({ status, description, type: DifyErrorResponse });

/** Speech both ways for the web app, through the service API's provider (OPENAI_BASE_URL); nothing is written or kept. */
@DifyWebController(400)
export class WebAudioController {
  constructor(
    private readonly settings: SpeechSettings,
    private readonly speech: SpeechProvider,
    private readonly answers: MessageAnswer,
    private readonly info: AppInfo,
  ) {}

  @Post('audio-to-text')
  @HttpCode(200)
  @UseInterceptors(AudioUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: WebAudioToTextForm })
  @ApiOkResponse({ type: AudioToTextResponse, description: 'What the audio says, as the provider heard it' })
  @Fails(400, '`no_audio_uploaded`, `provider_not_support_speech_to_text`, provider failures as on /v1/audio-to-text')
  @Fails(413, '`audio_too_large`: over 30 MB')
  @Fails(415, '`unsupported_audio_type`')
  async audioToText(@WebApp() app: DifyWebContext, @UploadedFile() file: Express.Multer.File | undefined): Promise<AudioToTextResponse> {
    await this.info.definition(app);
    if (!this.settings.speechToTextModel) {
      throw new DifyError(400, 'provider_not_support_speech_to_text', 'Provider not support speech to text.');
    }
    return { text: await this.speech.transcribe(uploadedAudio(file)) };
  }

  @Post('text-to-audio')
  @HttpCode(200)
  @ApiProduces('audio/mpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: "The audio, with the provider's Content-Type" })
  @Fails(404, "`not_found`: message_id is no message of this end user's")
  async textToAudio(@WebApp() app: DifyWebContext, @Body() body: WebTextToAudioRequest, @Res() res: Response): Promise<void> {
    const { voice } = this.settings.agentSpeech(await this.info.definition(app));
    if (!this.settings.textToSpeechModel) throw providerNotInitialized();
    const input = await this.answers.speechInput(app, app.endUserId, body);
    if (!body.streaming) {
      const audio = await this.speech.speakWhole(input, body.voice ?? voice);
      res.status(200).setHeader('Content-Type', audio.contentType).end(audio.bytes);
      return;
    }
    const audio = await this.speech.speak(input, body.voice ?? voice);
    res.status(200).setHeader('Content-Type', audio.contentType);
    res.flushHeaders();
    await pipeline(Readable.fromWeb(audio.body as WebReadableStream<Uint8Array>), res).catch(() => res.destroy());
  }
}
