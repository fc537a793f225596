import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { NOT_INITIALIZED, upload, WAV } from './support/dify-audio';
import { ALICE_KEY } from './support/test-app';

describe('Dify service API: audio without a speech provider', () => {
  it("answers the seed's 400s, shows speech off, and writes nothing", async () => {
    const d = await startDifyTestApp({ OPENAI_API_KEY: '' });
    try {
      const key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'mute', name: 'Mute' }))).key;
      const before = await d.events.headPosition();
      const parameters = (await d.api('GET', '/v1/parameters', key)).body;
      expect(parameters.speech_to_text).toEqual({ enabled: false });
      expect(parameters.text_to_speech).toMatchObject({ enabled: false });
      expect(
        await upload(d, key, [
          ['file', new Blob([WAV], { type: 'audio/wav' }), 'a.wav'],
          ['user', 'u'],
        ]),
      ).toEqual({
        status: 400,
        body: { status: 400, code: 'provider_not_support_speech_to_text', message: 'Provider not support speech to text.' },
      });
      expect(await d.api('POST', '/v1/text-to-audio', key, { text: 'hi', user: 'u' })).toMatchObject({
        status: 400,
        body: { status: 400, code: 'provider_not_initialize', message: NOT_INITIALIZED },
      });
      expect(await d.events.headPosition()).toBe(before);
    } finally {
      await d.t.close();
    }
  });

  it('turns one feature off by its model setting, and says so when the provider cannot be reached', async () => {
    const d = await startDifyTestApp({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', SPEECH_TO_TEXT_MODEL: 'off' });
    try {
      const key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'half', name: 'Half' }))).key;
      const parameters = (await d.api('GET', '/v1/parameters', key)).body;
      expect([parameters.speech_to_text.enabled, parameters.text_to_speech]).toEqual([
        false,
        { enabled: true, voice: 'alloy', language: '', autoPlay: 'disabled' },
      ]);
      expect((await upload(d, key, [['file', new Blob([WAV], { type: 'audio/wav' }), 'a.wav']])).body.code).toBe(
        'provider_not_support_speech_to_text',
      );
      const unreachable = await d.api('POST', '/v1/text-to-audio', key, { text: 'hi' });
      expect(unreachable).toMatchObject({ status: 400, body: { code: 'completion_request_error', status: 400 } });
      expect(unreachable.body.message).toMatch(/^Text-to-speech request failed: the model provider could not be reached/);
      expect(unreachable.body.message).not.toMatch(/127\.0\.0\.1/);
    } finally {
      await d.t.close();
    }
  });
});

describe('Dify service API: audio in the OpenAPI description', () => {
  let d: DifyTestApp;
  beforeAll(async () => {
    d = await startDifyTestApp();
  });
  afterAll(() => d.t.close());

  it('documents both routes for OpenAPI: a multipart upload, a JSON answer and a binary one', async () => {
    const spec: any = await (await fetch(`${d.t.baseUrl}/docs-json`)).json();
    const toText = spec.paths['/v1/audio-to-text'].post;
    expect(toText.requestBody.content['multipart/form-data'].schema.$ref).toMatch(/AudioToTextRequest$/);
    expect(spec.components.schemas.AudioToTextRequest.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(toText.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413', '415', '429']));
    const toAudio = spec.paths['/v1/text-to-audio'].post;
    expect(toAudio.requestBody.content['application/json'].schema.$ref).toMatch(/TextToAudioRequest$/);
    expect(toAudio.responses['200'].content['audio/mpeg'].schema).toEqual({ type: 'string', format: 'binary' });
  });
});
