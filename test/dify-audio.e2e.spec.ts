import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { difySdkBinary, sdkForm } from './support/dify-sdk-binary';
import { seedSchemaErrors } from './support/dify-seed';
import { AudioRequest, AudioScript, FakeOpenAiAudio, spokenBytes, startFakeOpenAiAudio } from './support/fake-openai-audio';
import { ALICE_KEY, BOB_KEY } from './support/test-app';
import { upload, WAV } from './support/dify-audio';

/** Speech both ways through an OpenAI-compatible provider (the loopback fake), with Dify's SDK and raw HTTP. */
describe('Dify service API: audio-to-text and text-to-audio', () => {
  let d: DifyTestApp;
  let fake: FakeOpenAiAudio;
  let key: string;
  let failNext: AudioScript;

  beforeAll(async () => {
    fake = await startFakeOpenAiAudio(() => {
      const failure = failNext;
      failNext = undefined;
      return failure;
    });
    d = await startDifyTestApp({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-audio-key', TEXT_TO_SPEECH_MODEL: 'tts-1-hd' });
    const agentId = await d.newAgent(ALICE_KEY, {
      slug: 'voice-bot',
      name: 'Voice',
      metadata: { text_to_speech: { voice: 'nova', language: 'en-US' } },
    });
    key = (await d.newKey(agentId)).key;
  });
  afterAll(async () => {
    await d.t.close();
    await fake.close();
  });
  const lastRequest = (): AudioRequest => fake.requests[fake.requests.length - 1];

  it('shows speech on in /v1/parameters, with the agent’s voice', async () => {
    const { status, body } = await d.api('GET', '/v1/parameters', key);
    expect(status).toBe(200);
    expect(seedSchemaErrors('ChatAppParametersResponse', body)).toEqual([]);
    expect(body.speech_to_text).toEqual({ enabled: true });
    expect(body.text_to_speech).toEqual({ enabled: true, voice: 'nova', language: 'en-US', autoPlay: 'disabled' });
  });

  it("transcribes an upload sent by Dify's SDK and by fetch+FormData, sending the provider the file and whisper-1", async () => {
    const before = fake.requests.length;
    const sdk = await difySdkBinary(
      `${d.t.baseUrl}/v1`,
      key,
      'sendRequest',
      'POST',
      '/audio-to-text',
      sdkForm({ user: 'listener' }, { bytes: WAV, name: 'note.wav', type: 'audio/wav' }),
      null,
      false,
      { 'Content-Type': 'multipart/form-data' },
    );
    expect(sdk).toMatchObject({ status: 200, data: { text: `heard ${WAV.length} bytes with whisper-1` } });
    expect(seedSchemaErrors('AudioToTextResponse', sdk.data)).toEqual([]);
    expect(lastRequest()).toMatchObject({
      path: '/audio/transcriptions',
      fields: { model: 'whisper-1' },
      file: { name: 'note.wav', type: 'audio/wav' },
    });
    expect(lastRequest().file!.bytes.equals(WAV)).toBe(true);
    expect(lastRequest().headers.authorization).toBe('Bearer sk-audio-key');

    const raw = await upload(d, key, [
      ['file', new Blob([WAV], { type: 'audio/webm;codecs=opus' }), 'clip.webm'],
      ['user', 'listener'],
    ]);
    expect(raw).toEqual({ status: 200, body: { text: `heard ${WAV.length} bytes with whisper-1` } });
    expect(lastRequest().file).toMatchObject({ name: 'clip.webm' });
    expect(fake.requests.length).toBe(before + 2);
    // The end user is recorded once a call of theirs succeeds.
    expect((await d.allEvents()).filter((e) => e.includes('"EndUserCreated"') && e.includes('"listener"'))).toHaveLength(1);
  });

  it('refuses what Dify refuses, in its codes, before the provider is called and without writing anything', async () => {
    const before = { position: await d.events.headPosition(), calls: fake.requests.length };
    const refusals: Array<[Array<[string, string | Blob, string?]>, number, string]> = [
      [[], 400, 'no_audio_uploaded'],
      [[['file', new Blob([], { type: 'audio/wav' }), 'empty.wav']], 400, 'no_audio_uploaded'],
      [[['file', new Blob(['hello'], { type: 'text/plain' }), 'note.txt']], 415, 'unsupported_audio_type'],
      [[['file', new Blob(['x'], { type: 'audio/ogg' }), 'a.ogg']], 415, 'unsupported_audio_type'],
      [[['file', new Blob([Buffer.alloc(30 * 1024 * 1024 + 1)], { type: 'audio/mpeg' }), 'big.mp3']], 413, 'audio_too_large'],
      [
        [
          ['file', new Blob([WAV], { type: 'audio/wav' }), 'a.wav'],
          ['file', new Blob([WAV], { type: 'audio/wav' }), 'b.wav'],
        ],
        400,
        'invalid_param',
      ],
      [[['audio', new Blob([WAV], { type: 'audio/wav' }), 'a.wav']], 400, 'invalid_param'],
    ];
    for (const [parts, status, code] of refusals) {
      const answer = await upload(d, key, [...parts, ['user', 'refused-user']]);
      expect({ parts: parts.map((p) => p[2] ?? p[0]).join(), ...answer }).toEqual({
        parts: parts.map((p) => p[2] ?? p[0]).join(),
        status,
        body: { code, message: expect.any(String), status },
      });
    }
    expect((await upload(d, key, [['file', new Blob(['x'], { type: 'text/plain' }), 'n.txt']])).body.message).toBe(
      'Audio type not allowed.',
    );
    expect((await upload(d, key, [['user', 'u']])).body.message).toBe('Please upload your audio.');
    expect(await d.events.headPosition()).toBe(before.position);
    expect(fake.requests.length).toBe(before.calls);
  });

  it('speaks text with the agent’s voice (or the one asked for) through the SDK, whole or streamed', async () => {
    const sdk = await difySdkBinary(
      `${d.t.baseUrl}/v1`,
      key,
      'sendRequest',
      'POST',
      '/text-to-audio',
      { text: 'Hello there', user: 'listener' },
      null,
      true,
    );
    expect(sdk.status).toBe(200);
    expect(sdk.headers!['content-type']).toMatch(/^audio\/mpeg/);
    expect(Buffer.from(sdk.data, 'base64')).toEqual(spokenBytes({ model: 'tts-1-hd', voice: 'nova', input: 'Hello there' }));
    expect(lastRequest()).toMatchObject({ path: '/audio/speech', json: { model: 'tts-1-hd', voice: 'nova', input: 'Hello there' } });

    const streamed = await fetch(`${d.t.baseUrl}/v1/text-to-audio`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Streamed', user: 'listener', voice: 'echo', streaming: true }),
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('transfer-encoding')).toBe('chunked');
    expect(Buffer.from(await streamed.arrayBuffer())).toEqual(spokenBytes({ model: 'tts-1-hd', voice: 'echo', input: 'Streamed' }));
  });

  it("speaks a message's answer for its own end user only; anyone else's is 404 and writes nothing", async () => {
    const sent = await d.api('POST', '/v1/chat-messages', key, { inputs: {}, query: 'Say something', user: 'speaker' });
    expect(sent.status).toBe(200);
    const { id: messageId, answer } = sent.body;
    const mine = await fetch(`${d.t.baseUrl}/v1/text-to-audio`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message_id: messageId, text: 'ignored: the message comes first', user: 'speaker' }),
    });
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer())).toEqual(spokenBytes({ model: 'tts-1-hd', voice: 'nova', input: answer }));

    const otherApp = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'other-voice', name: 'Other' }))).key;
    const before = { position: await d.events.headPosition(), calls: fake.requests.length };
    for (const [k, body] of [
      [key, { message_id: messageId, user: 'someone-else' }],
      [key, { message_id: messageId }],
      [otherApp, { message_id: messageId, user: 'speaker' }],
      [key, { message_id: '5a0c8a3e-0000-4000-8000-000000000000', user: 'speaker' }],
    ] as const) {
      expect(await d.api('POST', '/v1/text-to-audio', k, body)).toMatchObject({
        status: 404,
        body: { code: 'not_found', message: 'Message Not Exists.', status: 404 },
      });
    }
    expect(await d.events.headPosition()).toBe(before.position);
    expect(fake.requests.length).toBe(before.calls);
  });

  it('names the field of a bad text-to-audio request, and writes nothing', async () => {
    const before = await d.events.headPosition();
    const cases: Array<[unknown, RegExp]> = [
      [{ user: 'u' }, /^text: required when no message_id is given$/],
      [{ text: 5, user: 'u' }, /^text: must be a string$/],
      [{ text: '', user: 'u' }, /^text: must not be empty$/],
      [{ text: 'x'.repeat(4097), user: 'u' }, /^text: must be at most 4096 characters$/],
      [{ message_id: 'nope', user: 'u' }, /^message_id: must be a uuid$/],
      [{ text: 'hi', streaming: 'yes' }, /^streaming: must be a boolean$/],
      [{ text: 'hi', voice: 7 }, /^voice: must be a string$/],
    ];
    for (const [body, message] of cases) {
      const answer = await d.api('POST', '/v1/text-to-audio', key, body);
      expect({ body, status: answer.status, code: answer.body.code, message: answer.body.message }).toEqual({
        body,
        status: 400,
        code: 'invalid_param',
        message: expect.stringMatching(message),
      });
    }
    expect(await d.events.headPosition()).toBe(before);
  });

  it("answers a provider's refusal in the seed's codes, never a 5xx, and writes nothing", async () => {
    const before = await d.events.headPosition();
    const outcomes: Array<[AudioScript, string]> = [
      [{ fail: 401, message: 'Incorrect API key provided' }, 'provider_not_initialize'],
      [{ fail: 429, message: 'You exceeded your current quota' }, 'provider_quota_exceeded'],
      [{ fail: 404, message: 'The model does not exist' }, 'model_currently_not_support'],
      [{ fail: 500, message: 'upstream broke at http://10.0.0.7:8080/x' }, 'completion_request_error'],
      [{ fail: 400, message: 'Invalid file format' }, 'completion_request_error'],
    ];
    for (const [failure, code] of outcomes) {
      failNext = failure;
      const heard = await upload(d, key, [
        ['file', new Blob([WAV], { type: 'audio/wav' }), 'a.wav'],
        ['user', 'new-listener'],
      ]);
      expect(heard).toEqual({ status: 400, body: { code, message: expect.any(String), status: 400 } });
      failNext = failure;
      const spoken = await d.api('POST', '/v1/text-to-audio', key, { text: 'hi', user: 'new-listener' });
      expect(spoken).toMatchObject({ status: 400, body: { code, status: 400 } });
      expect(heard.body.message).not.toMatch(/10\.0\.0\.7|http:/);
    }
    failNext = { breakOff: true };
    const cutShort = await upload(d, key, [['file', new Blob([WAV], { type: 'audio/wav' }), 'a.wav']]);
    expect(cutShort).toMatchObject({ status: 400, body: { code: 'completion_request_error' } });
    expect(cutShort.body.message).toMatch(/^Speech recognition request failed: an answer without text/);
    failNext = { breakOff: true };
    expect(await d.api('POST', '/v1/text-to-audio', key, { text: 'cut short', user: 'new-listener' })).toMatchObject({
      status: 400,
      body: { code: 'completion_request_error', message: expect.stringMatching(/^Text-to-speech request failed: the audio broke off/) },
    });
    expect(await d.events.headPosition()).toBe(before);
  });

  it('takes app keys only', async () => {
    for (const k of [null, BOB_KEY, ALICE_KEY]) {
      expect((await d.api('POST', '/v1/text-to-audio', k, { text: 'hi' })).body).toMatchObject({ code: 'unauthorized', status: 401 });
      expect((await upload(d, k ?? 'none', [['file', new Blob([WAV], { type: 'audio/wav' }), 'a.wav']])).status).toBe(401);
    }
  });
});
