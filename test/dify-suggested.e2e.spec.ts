import { difySdk } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedSchemaErrors } from './support/dify-seed';
import { FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { ALICE_KEY } from './support/test-app';

const DISABLED = { code: 'bad_request', message: 'Suggested Questions Is Disabled.', status: 400 };

/** GET /v1/messages/{id}/suggested: the agent's setting, its model's questions (offline and a provider), Dify's refusals. */
describe('Dify service API: suggested questions (offline model)', () => {
  let d: DifyTestApp;
  const sdk = (key: string, method: string, ...args: unknown[]) => difySdk(`${d.t.baseUrl}/v1`, key, method, ...args);
  const chat = async (key: string, query: string, user: string, conversation: string | null = null) =>
    (await sdk(key, 'createChatMessage', {}, query, user, false, conversation, null)).data;

  beforeAll(async () => (d = await startDifyTestApp()));
  afterAll(() => d.t.close());

  it('asks the offline model for three questions about the latest exchange when the agent has them on', async () => {
    const agentId = await d.newAgent(ALICE_KEY, { slug: 'curious', name: 'Curious', suggested_questions_after_answer: { enabled: true } });
    const key = (await d.newKey(agentId)).key;
    expect((await d.api('GET', `/agents/${agentId}`)).body.suggested_questions_after_answer).toEqual({ enabled: true });
    const parameters = await sdk(key, 'getApplicationParameters', 'asker');
    expect(parameters.data.suggested_questions_after_answer).toEqual({ enabled: true });

    const first = await chat(key, 'What is a fork?', 'asker');
    const second = await chat(key, 'How do branches work?', 'asker', first.conversation_id);
    const before = (await d.allEvents()).length;
    const suggested = await d.api('GET', `/v1/messages/${second.message_id}/suggested?user=asker`, key);
    expect(suggested.status).toBe(200);
    expect(seedSchemaErrors('SuggestedQuestionsResponse', suggested.body)).toEqual([]);
    expect(suggested.body).toEqual({
      result: 'success',
      data: [
        'Can you tell me more about "How do branches work?"?',
        'Why does "How do branches work?" matter?',
        'What is an example of "How do branches work?"?',
      ],
    });
    // After the first answer: questions about the first exchange.
    const earlier = await d.api('GET', `/v1/messages/${first.message_id}/suggested?user=asker`, key);
    expect(earlier.body.data[0]).toBe('Can you tell me more about "What is a fork?"?');
    expect((await d.allEvents()).length).toBe(before);

    const missing = { status: 404, body: { code: 'not_found', message: 'Message Not Exists.', status: 404 } };
    expect(await d.api('GET', `/v1/messages/${second.message_id}/suggested?user=someone-else`, key)).toMatchObject(missing);
    expect(await d.api('GET', `/v1/messages/00000000-0000-4000-8000-000000000000/suggested?user=asker`, key)).toMatchObject(missing);
    expect((await d.api('GET', `/v1/messages/${second.message_id}/suggested`, key)).body).toMatchObject({
      code: 'invalid_param',
      status: 400,
      message: expect.stringMatching(/^user/),
    });
    const otherKey = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'other-app', name: 'Other' }))).key;
    expect(await d.api('GET', `/v1/messages/${second.message_id}/suggested?user=asker`, otherKey)).toMatchObject(missing);
  });

  it("answers Dify's 400 while the agent has them off (as agents from before the setting), and follows a change", async () => {
    const agentId = await d.newAgent(ALICE_KEY, { slug: 'quiet', name: 'Quiet' });
    const key = (await d.newKey(agentId)).key;
    expect((await sdk(key, 'getApplicationParameters', 'q')).data.suggested_questions_after_answer).toEqual({ enabled: false });
    const answer = await chat(key, 'Hello', 'q');
    const url = `/v1/messages/${answer.message_id}/suggested?user=q`;
    expect(await d.api('GET', url, key)).toMatchObject({ status: 400, body: DISABLED });
    expect((await d.api('GET', url, key)).body).toEqual(DISABLED);

    const patched = await d.api('PATCH', `/agents/${agentId}`, ALICE_KEY, { suggested_questions_after_answer: { enabled: true } });
    expect(patched.body.suggested_questions_after_answer).toEqual({ enabled: true });
    expect((await d.api('GET', url, key)).body.data).toHaveLength(3);
    expect((await d.api('PATCH', `/agents/${agentId}`, ALICE_KEY, { suggested_questions_after_answer: { enabled: 'yes' } })).body).toEqual({
      detail: expect.stringMatching(/^suggested_questions_after_answer\.enabled/),
    });
  });
});

describe('Dify service API: suggested questions (an OpenAI-compatible provider)', () => {
  let d: DifyTestApp;
  let fake: FakeOpenAi;
  let key: string;
  const asksForSuggestions = (content: string | null) => content?.includes('three most likely questions') ?? false;

  beforeAll(async () => {
    fake = await startFakeOpenAi((messages) => {
      const last = messages[messages.length - 1].content ?? '';
      if (!asksForSuggestions(last)) return 'A plain answer.';
      return last.includes('break suggestions') ? { fail: 'suggestions are down' } : 'Sure: ["How?", "Why?", "When?", "Where?"]';
    });
    d = await startDifyTestApp({ MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key' });
    key = (
      await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'asking', name: 'Asking', suggested_questions_after_answer: { enabled: true } }))
    ).key;
  });
  afterAll(async () => {
    await d.t.close();
    await fake.close();
  });

  it("sends the provider the branch's exchanges with Dify's instruction, and keeps three questions of its JSON array", async () => {
    const send = async (query: string) =>
      (await d.api('POST', '/v1/chat-messages', key, { inputs: {}, query, user: 'p', response_mode: 'blocking' })).body;
    const answer = await send('Tell me about forks');
    const suggested = await d.api('GET', `/v1/messages/${answer.message_id}/suggested?user=p`, key);
    expect(suggested.body).toEqual({ result: 'success', data: ['How?', 'Why?', 'When?'] });
    const asked = fake.requests.filter((r) => asksForSuggestions(r.body.messages.at(-1).content));
    expect(asked).toHaveLength(1);
    expect(asked[0].body.model).toBe('gpt-fake');
    expect(asked[0].body.messages.at(-1).content).toMatch(/^Human: Tell me about forks\nAssistant: A plain answer\.\n\n/);

    // A provider that fails suggests nothing, as Dify's newer versions answer.
    const broken = await send('break suggestions');
    expect(await d.api('GET', `/v1/messages/${broken.message_id}/suggested?user=p`, key)).toMatchObject({
      status: 200,
      body: { result: 'success', data: [] },
    });
  });
});
