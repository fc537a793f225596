import { Injectable, Logger } from '@nestjs/common';
import { DifyError } from '../../dify-error';
import { providerFailure, providerMessage, SpeechTask } from './provider-failure';
import { SpeechSettings } from './speech-settings';

/** How long a provider call may take before it counts as failed. */
const PROVIDER_TIMEOUT_MS = 120_000;

export interface AudioFile {
  bytes: Buffer;
  /** A name with the format's extension: OpenAI-compatible servers tell the format by it. */
  name: string;
  type: string;
}

export interface SpokenAudio {
  contentType: string;
  /** The provider's body as it arrives, so a streaming client gets the first bytes without waiting for the last. */
  body: ReadableStream<Uint8Array>;
}

/**
 * The OpenAI-compatible speech endpoints behind the Dify face: /audio/transcriptions (multipart) and /audio/speech
 * (JSON in, audio out). Callers check that the feature is on first (SpeechSettings); failures come back as Dify errors.
 */
@Injectable()
export class SpeechProvider {
  private readonly logger = new Logger('SpeechProvider');

  constructor(private readonly settings: SpeechSettings) {}

  async transcribe(audio: AudioFile): Promise<string> {
    const model = this.settings.speechToTextModel!;
    const form = new FormData();
    form.append('file', new Blob([audio.bytes], { type: audio.type }), audio.name);
    form.append('model', model);
    const response = await this.call('speech-to-text', model, '/audio/transcriptions', form);
    let body = '';
    let text: unknown;
    try {
      // A body that breaks off, or is no JSON, is an answer without text.
      body = await response.text();
      text = (JSON.parse(body) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') throw this.failed('speech-to-text', model, null, `an answer without text: ${body.slice(0, 200)}`);
    return text;
  }

  async speak(input: string, voice: string): Promise<SpokenAudio> {
    const model = this.settings.textToSpeechModel!;
    const request = JSON.stringify({ model, input, voice, response_format: 'mp3' });
    const response = await this.call('text-to-speech', model, '/audio/speech', request, 'application/json');
    if (!response.body) throw this.failed('text-to-speech', model, null, 'an answer without audio');
    return { contentType: response.headers.get('content-type') || 'audio/mpeg', body: response.body };
  }

  /** The whole audio at once; a provider that breaks off midway is a failed request, like one that refused. */
  async speakWhole(input: string, voice: string): Promise<{ contentType: string; bytes: Buffer }> {
    const { contentType, body } = await this.speak(input, voice);
    try {
      return { contentType, bytes: Buffer.from(await new Response(body).arrayBuffer()) };
    } catch (error) {
      throw this.failed('text-to-speech', this.settings.textToSpeechModel!, null, `the audio broke off: ${(error as Error).message}`);
    }
  }

  private async call(task: SpeechTask, model: string, path: string, body: FormData | string, type?: string): Promise<Response> {
    const { baseUrl, apiKey } = this.settings.provider!;
    let response: Response;
    try {
      response = await fetch(baseUrl + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, ...(type && { 'content-type': type }) },
        body,
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      throw this.failed(task, model, null, `the model provider could not be reached (${cause?.message ?? (error as Error).message})`);
    }
    if (!response.ok) throw this.failed(task, model, response.status, providerMessage(await response.text().catch(() => '')));
    return response;
  }

  private failed(task: SpeechTask, model: string, status: number | null, detail: string): DifyError {
    this.logger.warn(`${task} with model '${model}' failed${status === null ? '' : ` (${status})`}: ${detail}`);
    return providerFailure(task, model, status, detail);
  }
}
