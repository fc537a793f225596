import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { WAV } from './support/dify-audio';
import { passportHeaders, webSession, WebSession } from './support/dify-web-passport';
import { FakeOpenAiAudio, spokenBytes, startFakeOpenAiAudio } from './support/fake-openai-audio';
import { ALICE_KEY } from './support/test-app';

/** Speech both ways on the web API, through the OpenAI-compatible provider (the loopback fake), with passports. */
describe('Dify web API: audio-to-text and text-to-audio', () => {
  let d: DifyTestApp;
  let fake: FakeOpenAiAudio;
  let browser: WebSession;
  let other: WebSession;

  beforeAll(async () => {
    fake = await startFakeOpenAiAudio(() => undefined);
    d = await startDifyTestApp({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-audio-key', TEXT_TO_SPEECH_MODEL: 'tts-1-hd' });
    const agentId = await d.newAgent(ALICE_KEY, { slug: 'web-voice', name: 'Voice', metadata: { text_to_speech: { voice: 'nova' } } });
    browser = await webSession(d.t.baseUrl, agentId);
    other = await webSession(d.t.baseUrl, agentId);
  });
  afterAll(async () => {
    await d.t.close();
    await fake.close();
  });

  const post = (session: WebSession, path: string, body: string | FormData, json = false) =>
    fetch(`${d.t.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...passportHeaders(session.siteCode, session.passport), ...(json ? { 'content-type': 'application/json' } : {}) },
      body,
    });

  it('transcribes an upload sent as a browser sends it (FormData)', async () => {
    const form = new FormData();
    form.append('file', new Blob([WAV], { type: 'audio/wav' }), 'note.wav');
    const answer = await post(browser, '/api/audio-to-text', form);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ text: `heard ${WAV.length} bytes with whisper-1` });
  });

  it("speaks text, and a message's answer for its own browser only", async () => {
    const spoken = await post(browser, '/api/text-to-audio', JSON.stringify({ text: 'Hello there' }), true);
    expect(spoken.status).toBe(200);
    expect(Buffer.from(await spoken.arrayBuffer())).toEqual(spokenBytes({ model: 'tts-1-hd', voice: 'nova', input: 'Hello there' }));

    const sent = await browser.api('POST', '/api/chat-messages', { inputs: {}, query: 'Say something', response_mode: 'blocking' });
    expect(sent.status).toBe(200);
    const own = await post(browser, '/api/text-to-audio', JSON.stringify({ message_id: sent.body.message_id }), true);
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer())).toEqual(spokenBytes({ model: 'tts-1-hd', voice: 'nova', input: sent.body.answer }));

    const before = fake.requests.length;
    const foreign = await post(other, '/api/text-to-audio', JSON.stringify({ message_id: sent.body.message_id }), true);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { code?: string }).code).toBeDefined();
    expect(fake.requests.length).toBe(before);
  });
});
