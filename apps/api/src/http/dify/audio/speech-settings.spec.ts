import { SpeechSettings } from './speech-settings';

const settings = (env: NodeJS.ProcessEnv) => new SpeechSettings({ env });

describe('SpeechSettings', () => {
  it('is off without OPENAI_API_KEY, whatever the models say', () => {
    const off = settings({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', SPEECH_TO_TEXT_MODEL: 'whisper-1', OPENAI_API_KEY: ' ' });
    expect([off.provider, off.speechToTextModel, off.textToSpeechModel]).toEqual([null, null, null]);
  });

  it("takes OpenAI's defaults, the base URL without its trailing slash, and `off` per feature", () => {
    const on = settings({ OPENAI_API_KEY: 'sk-1' });
    expect(on.provider).toEqual({ apiKey: 'sk-1', baseUrl: 'https://api.openai.com/v1' });
    expect([on.speechToTextModel, on.textToSpeechModel, on.defaultVoice]).toEqual(['whisper-1', 'tts-1', 'alloy']);
    const custom = settings({
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://h/v1/',
      TEXT_TO_SPEECH_MODEL: 'off',
      SPEECH_TO_TEXT_MODEL: 'w2',
    });
    expect([custom.provider?.baseUrl, custom.speechToTextModel, custom.textToSpeechModel]).toEqual(['http://h/v1', 'w2', null]);
  });

  it("reads the agent's voice and language from metadata.text_to_speech, else the default voice", () => {
    const s = settings({ TEXT_TO_SPEECH_VOICE: 'shimmer' });
    expect(s.agentSpeech({ metadata: { text_to_speech: { voice: 'nova', language: 'de-DE' } } })).toEqual({
      voice: 'nova',
      language: 'de-DE',
    });
    expect(s.agentSpeech({ metadata: { text_to_speech: { voice: 5 } } })).toEqual({ voice: 'shimmer', language: '' });
    expect(s.agentSpeech({ metadata: { text_to_speech: 'nova' } })).toEqual({ voice: 'shimmer', language: '' });
    expect(s.agentSpeech({ metadata: {} })).toEqual({ voice: 'shimmer', language: '' });
  });
});
