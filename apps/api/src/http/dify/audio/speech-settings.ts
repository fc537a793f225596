import { Inject, Injectable } from '@nestjs/common';
import { AgentDefinition } from '@forkline/domain';
import { AppConfig } from '@forkline/platform';
import { APP_CONFIG } from '../../../infrastructure/tokens';

/** The defaults, as OpenAI names its models and voices (any OpenAI-compatible server may name others). */
export const DEFAULT_SPEECH_TO_TEXT_MODEL = 'whisper-1';
export const DEFAULT_TEXT_TO_SPEECH_MODEL = 'tts-1';
export const DEFAULT_TEXT_TO_SPEECH_VOICE = 'alloy';
/** The value of SPEECH_TO_TEXT_MODEL or TEXT_TO_SPEECH_MODEL that turns that feature off. */
export const OFF = 'off';

/** Where the OpenAI-compatible provider is, as the chat models find it (OPENAI_BASE_URL, OPENAI_API_KEY). */
export interface SpeechProviderSettings {
  baseUrl: string;
  apiKey: string;
}

/**
 * The speech features of the Dify face, from the environment the chat models read: on when OPENAI_API_KEY is set,
 * each with its model (SPEECH_TO_TEXT_MODEL, TEXT_TO_SPEECH_MODEL; `off` turns one off) and the default voice
 * (TEXT_TO_SPEECH_VOICE), which an agent's `metadata.text_to_speech.voice` overrides.
 */
@Injectable()
export class SpeechSettings {
  readonly provider: SpeechProviderSettings | null;
  /** The transcription model, or null: speech-to-text is off. */
  readonly speechToTextModel: string | null;
  /** The speech model, or null: text-to-speech is off. */
  readonly textToSpeechModel: string | null;
  readonly defaultVoice: string;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'env'>) {
    const env = config.env;
    const apiKey = env.OPENAI_API_KEY?.trim();
    this.provider = apiKey ? { apiKey, baseUrl: (env.OPENAI_BASE_URL?.trim() || 'https://api.openai.com/v1').replace(/\/+$/, '') } : null;
    const model = (name: string, fallback: string) => {
      const value = env[name]?.trim() || fallback;
      return this.provider && value !== OFF ? value : null;
    };
    this.speechToTextModel = model('SPEECH_TO_TEXT_MODEL', DEFAULT_SPEECH_TO_TEXT_MODEL);
    this.textToSpeechModel = model('TEXT_TO_SPEECH_MODEL', DEFAULT_TEXT_TO_SPEECH_MODEL);
    this.defaultVoice = env.TEXT_TO_SPEECH_VOICE?.trim() || DEFAULT_TEXT_TO_SPEECH_VOICE;
  }

  /** The agent's own voice and language (`metadata.text_to_speech: {voice, language}`), where it names them. */
  agentSpeech(definition: Pick<AgentDefinition, 'metadata'>): { voice: string; language: string } {
    const setting = definition.metadata?.text_to_speech;
    const field = (name: string) => {
      const value = typeof setting === 'object' && setting !== null ? (setting as Record<string, unknown>)[name] : undefined;
      return typeof value === 'string' ? value.trim() : '';
    };
    return { voice: field('voice') || this.defaultVoice, language: field('language') };
  }
}
