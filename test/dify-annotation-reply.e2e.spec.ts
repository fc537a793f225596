import { difySdk, difySdkStream } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedSchemaErrors } from './support/dify-seed';
import { CHUNK_SCHEMAS, webappChunks } from './support/dify-stream';
import { FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

/**
 * Annotation reply on /v1/chat-messages (through Dify's SDK): an enabled app answers a query like an annotation's
 * question from the annotation without calling the model; the OpenAI-compatible loopback server counts the calls.
 */
describe('Dify service API: annotation reply in chat', () => {
  let fake: FakeOpenAi;
  let d: DifyTestApp;
  let key: string;
  let otherKey: string;
  let annotation: any;
  const sdk = (k: string, method: string, ...args: unknown[]) => difySdk(`${d.t.baseUrl}/v1`, k, method, ...args);
  const SETTINGS = { score_threshold: 0.8, embedding_provider_name: 'openai', embedding_model_name: 'text-embedding-3-small' };

  beforeAll(async () => {
    fake = await startFakeOpenAi(() => 'From the model.');
    d = await startDifyTestApp({ MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key' });
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'faq-bot', name: 'FAQ bot' }))).key;
    otherKey = (await d.newKey(await d.newAgent(BOB_KEY, { slug: 'other-bot', name: 'Other bot' }), BOB_KEY)).key;
    annotation = (await d.api('POST', '/v1/apps/annotations', key, { question: 'What is Forkline?', answer: 'A forkable chat log.' })).body;
  });
  afterAll(async () => {
    await d.t.close();
    await fake.close();
  });

  it('calls the model while annotation reply is off, and answers from the annotation once it is on (blocking)', async () => {
    const before = fake.requests.length;
    const off = await sdk(key, 'createChatMessage', {}, 'what is forkline', 'faq-user', false, null, null);
    expect(off.data).toMatchObject({ answer: 'From the model.' });
    expect(off.data.metadata.annotation_reply).toBeUndefined();
    expect(fake.requests.length).toBe(before + 1);

    expect((await d.api('POST', '/v1/apps/annotation-reply/enable', key, SETTINGS)).status).toBe(200);
    const matched = await sdk(key, 'createChatMessage', {}, 'What is forkline?!', 'faq-user', false, null, null);
    expect(matched.status).toBe(200);
    expect(matched.data).toMatchObject({ answer: 'A forkable chat log.' });
    expect(matched.data.metadata.annotation_reply).toEqual({
      id: annotation.id,
      account: { id: expect.any(String), name: expect.any(String) },
    });
    expect(seedSchemaErrors('ChatCompletionResponse', matched.data)).toEqual([]);
    expect(fake.requests.length).toBe(before + 1);

    // Kept in the conversation like any answer, and counted as a hit.
    const conversation = matched.data.conversation_id;
    const messages = await sdk(key, 'getConversationMessages', 'faq-user', conversation, null, 20);
    expect(messages.data.data.map((m: any) => [m.query, m.answer])).toEqual([['What is forkline?!', 'A forkable chat log.']]);
    expect(messages.data.data[0].id).toBe(matched.data.message_id);
    const listed = (await d.api('GET', '/v1/apps/annotations', key)).body.data;
    expect(listed.find((a: any) => a.id === annotation.id).hit_count).toBe(1);

    // A query under the threshold still goes to the model.
    const unmatched = await sdk(key, 'createChatMessage', {}, 'Tell me a joke', 'faq-user', false, conversation, null);
    expect(unmatched.data).toMatchObject({ answer: 'From the model.' });
    expect(fake.requests.length).toBe(before + 2);
  });

  it('streams the annotation answer as Dify frames it, with annotation_reply on message_end, calling no model', async () => {
    await d.api('POST', '/v1/apps/annotation-reply/enable', key, SETTINGS);
    const before = fake.requests.length;
    const outcome = await difySdkStream(`${d.t.baseUrl}/v1`, key, [{}, 'forkline: what is it', 'faq-user-2', true, null, null]);
    expect(outcome.status).toBe(200);
    const chunks = webappChunks(outcome.raw!);
    expect(chunks.map((c) => c.event)).toEqual(['workflow_started', 'message', 'message_end', 'workflow_finished']);
    for (const chunk of chunks)
      expect({ event: chunk.event, errors: seedSchemaErrors(CHUNK_SCHEMAS[chunk.event], chunk) }).toEqual({
        event: chunk.event,
        errors: [],
      });
    expect(chunks[1]).toMatchObject({ answer: 'A forkable chat log.', id: chunks[0].message_id });
    expect(chunks[2].metadata.annotation_reply).toMatchObject({ id: annotation.id });
    expect(chunks[3].data).toMatchObject({ status: 'succeeded', outputs: { answer: 'A forkable chat log.' } });
    expect(fake.requests.length).toBe(before);
  });

  it("does not answer from another app's annotations, and stops once disabled", async () => {
    await d.api('POST', '/v1/apps/annotation-reply/enable', otherKey, SETTINGS);
    const before = fake.requests.length;
    const other = await sdk(otherKey, 'createChatMessage', {}, 'What is Forkline?', 'other-user', false, null, null);
    expect(other.data).toMatchObject({ answer: 'From the model.' });
    expect(other.data.metadata.annotation_reply).toBeUndefined();
    await d.api('POST', '/v1/apps/annotation-reply/disable', key, {});
    const disabled = await sdk(key, 'createChatMessage', {}, 'What is Forkline?', 'faq-user', false, null, null);
    expect(disabled.data).toMatchObject({ answer: 'From the model.' });
    expect(fake.requests.length).toBe(before + 2);
  });
});
