import { difySdk, difySdkStream } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { DIFY_SEED, seedProperties, seedSchemaErrors } from './support/dify-seed';
import { CHUNK_SCHEMAS, sseFrames, webappChunks } from './support/dify-stream';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** POST /v1/chat-messages, blocking and streaming, with Dify's own SDK and parsers, checked against the seed's schemas. */
describe('Dify service API: chat messages', () => {
  let d: DifyTestApp;
  let key: string;
  let agentId: string;
  const sdk = (method: string, ...args: unknown[]) => difySdk(`${d.t.baseUrl}/v1`, key, method, ...args);

  beforeAll(async () => {
    d = await startDifyTestApp();
    agentId = await d.newAgent(ALICE_KEY, { slug: 'chat-bot', name: 'Chat bot' });
    key = (await d.newKey(agentId)).key;
  });
  afterAll(() => d.t.close());

  it("answers a blocking message in the seed's shape, and continues the conversation it started", async () => {
    const first = await sdk('createChatMessage', { city: 'Paris' }, 'Hello there', 'user_app:session-1', false, null, null);
    expect(first.status).toBe(200);
    const answer = first.data;
    expect(seedSchemaErrors('ChatCompletionResponse', answer)).toEqual([]);
    expect(Object.keys(answer).sort()).toEqual(seedProperties('ChatCompletionResponse'));
    expect(answer).toMatchObject({ event: 'message', mode: 'advanced-chat', answer: expect.stringMatching(/\S/) });
    expect(answer.id).toBe(answer.message_id);
    for (const id of [answer.task_id, answer.message_id, answer.conversation_id]) expect(id).toMatch(UUID);
    expect(Math.abs(answer.created_at - Date.now() / 1000)).toBeLessThan(60);
    const usage = answer.metadata.usage;
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(Number.isInteger(usage.prompt_tokens) && Number.isInteger(usage.completion_tokens)).toBe(true);

    // The conversation is the owner's thread of the app's agent, named after its first query, holding the pair.
    const thread = await d.api('GET', `/threads/${answer.conversation_id}/messages`);
    expect(thread.status).toBe(200);
    const texts = JSON.stringify(thread.body);
    expect(texts).toContain('Hello there');
    expect(texts).toContain(answer.message_id);

    const second = await sdk('createChatMessage', {}, 'And again', 'user_app:session-1', false, answer.conversation_id, null);
    expect(second.data).toMatchObject({ conversation_id: answer.conversation_id });
    expect(second.data.message_id).not.toBe(answer.message_id);
    expect(second.data.task_id).not.toBe(answer.task_id);
  });

  it('streams the turn as Dify frames it, read raw through the SDK by the web-app parser and by eventsource-parser', async () => {
    const outcome = await difySdkStream(`${d.t.baseUrl}/v1`, key, [{}, 'Stream to me', 'user_app:session-2', true, null, null]);
    expect(outcome.status).toBe(200);
    expect(outcome.contentType).toBe('text/event-stream; charset=utf-8');
    const raw = outcome.raw!;
    // Only `data: {json}` frames: no id or event lines (those are for pings only).
    expect(
      raw
        .split('\n\n')
        .filter(Boolean)
        .every((frame) => /^data: \{.*\}$/.test(frame)),
    ).toBe(true);
    const chunks = webappChunks(raw);
    expect(sseFrames(raw).map((f) => f.data)).toEqual(chunks);
    const events = chunks.map((c) => c.event);
    expect(events[0]).toBe('workflow_started');
    expect(events.slice(-2)).toEqual(['message_end', 'workflow_finished']);
    expect(events).toContain('node_started');
    expect(events).toContain('node_finished');
    for (const chunk of chunks) {
      expect({ event: chunk.event, errors: seedSchemaErrors(CHUNK_SCHEMAS[chunk.event], chunk) }).toEqual({
        event: chunk.event,
        errors: [],
      });
      expect(chunk).toMatchObject({
        conversation_id: chunks[0].conversation_id,
        message_id: chunks[0].message_id,
        created_at: chunks[0].created_at,
      });
    }
    const { task_id, message_id, conversation_id } = chunks[0];
    expect(chunks.every((c) => c.task_id === task_id)).toBe(true);
    const deltas = chunks.filter((c) => c.event === 'message');
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((c) => c.id === message_id)).toBe(true);
    const end = chunks.at(-2);
    const finished = chunks.at(-1);
    expect(finished.data).toMatchObject({
      id: task_id,
      workflow_id: agentId,
      status: 'succeeded',
      outputs: { answer: deltas.map((c) => c.answer).join('') },
    });
    expect(finished.data.total_tokens).toBe(end.metadata.usage.total_tokens);
    expect(Number.isInteger(finished.data.total_steps) && finished.data.total_steps > 0).toBe(true);
    const started = chunks.filter((c) => c.event === 'node_started');
    expect(started.map((c) => c.data.index)).toEqual(started.map((_, i) => i + 1));

    // The answer streamed is the answer kept.
    const thread = await d.api('GET', `/threads/${conversation_id}/messages`);
    expect(JSON.stringify(thread.body)).toContain(JSON.stringify(deltas.map((c) => c.answer).join('')).slice(1, -1));
  });

  it('refuses bad input in Dify’s envelope, naming the field, and writes nothing', async () => {
    const before = await d.events.headPosition();
    const cases: Array<[unknown, number, RegExp]> = [
      [{ inputs: {}, user: 'u1' }, 400, /^query: must be provided$/],
      [{ inputs: {}, query: '', user: 'u1' }, 400, /^query: must not be empty$/],
      // Only whitespace: refused before the end user or a conversation is recorded.
      [{ inputs: {}, query: ' \n\t ', user: 'fresh-user' }, 400, /^query: must not be empty$/],
      [{ inputs: {}, query: 5, user: 'u1' }, 400, /^query: must be a string$/],
      [{ inputs: {}, query: 'hi' }, 400, /^user: must be provided$/],
      [{ inputs: {}, query: 'hi', user: 5 }, 400, /^user: must be a string$/],
      [
        { inputs: {}, query: 'hi', user: 'u1', parent_message_id: 'nope', conversation_id: '00000000-0000-4000-8000-000000000000' },
        400,
        /^parent_message_id: must be a uuid$/,
      ],
      [{ inputs: 'x', query: 'hi', user: 'u1' }, 400, /^inputs/],
      [{ query: 'hi', user: 'u1', response_mode: 'sometimes' }, 400, /^response_mode/],
      [{ query: 'hi', user: 'u1', conversation_id: 'not-a-uuid' }, 400, /^conversation_id/],
      [{ query: 'hi', user: 'u1', conversation_id: '00000000-0000-4000-8000-000000000000' }, 404, /Conversation Not Exists/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await d.api('POST', '/v1/chat-messages', key, body);
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({
        body,
        status,
        code: status === 400 ? 'invalid_param' : 'not_found',
      });
      expect(answer.body.message).toMatch(message);
    }
    expect(await d.events.headPosition()).toBe(before);
    // Unknown fields and a null `files`, as the SDK sends them, are ignored.
    const lenient = await d.api('POST', '/v1/chat-messages', key, { query: 'hi', user: 'u1', files: null, first_id: 'x', inputs: {} });
    expect(lenient.status).toBe(200);
    // A blank conversation_id is stripped, as Dify strips it: a new conversation.
    const blank = await d.api('POST', '/v1/chat-messages', key, { query: 'hi again', user: 'u1', inputs: {}, conversation_id: '  ' });
    expect(blank.status).toBe(200);
    expect(blank.body.conversation_id).not.toBe(lenient.body.conversation_id);
  });

  it("documents chat-messages and stop in the OpenAPI document, with the seed's request and answer fields", async () => {
    const spec: any = await (await fetch(`${d.t.baseUrl}/docs-json`)).json();
    const send = spec.paths['/v1/chat-messages'].post;
    expect(send.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/ChatMessageRequest');
    expect(send.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/ChatCompletionResponse');
    expect(Object.keys(send.responses['200'].content)).toContain('text/event-stream');
    expect(send.responses['400'].content['application/json'].schema.$ref).toMatch(/DifyErrorResponse$/);
    expect(Object.keys(spec.components.schemas.ChatCompletionResponse.properties).sort()).toEqual(seedProperties('ChatCompletionResponse'));
    const seedRequest = Object.keys(DIFY_SEED.components.schemas.ChatRequest.properties);
    const served = Object.keys(spec.components.schemas.ChatMessageRequest.properties);
    // Every field of the seed's request but the one Forkline ignores (workflow_id).
    expect(seedRequest.filter((f) => !served.includes(f)).sort()).toEqual(['workflow_id']);
    const stop = spec.paths['/v1/chat-messages/{task_id}/stop'].post;
    expect(stop.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/SuccessResult');
    expect(stop.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/StopChatMessageRequest');
  });

  it("keeps each end user's conversations to themselves, and each app's to its own", async () => {
    const mine = await sdk('createChatMessage', {}, 'Mine', 'owner-of-it', false, null, null);
    const conversation = mine.data.conversation_id;
    const bobAgent = await d.newAgent(BOB_KEY, { slug: 'chat-bot', name: "Bob's" });
    const bobKey = (await d.newKey(bobAgent, BOB_KEY)).key;
    const otherAgentOfAlice = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'other-bot', name: 'Other' }))).key;
    const before = await d.events.headPosition();
    for (const [k, user] of [
      [key, 'someone-else'],
      [bobKey, 'owner-of-it'],
      [otherAgentOfAlice, 'owner-of-it'],
    ]) {
      const answer = await d.api('POST', '/v1/chat-messages', k, { inputs: {}, query: 'Let me in', user, conversation_id: conversation });
      expect(answer).toMatchObject({ status: 404, body: { code: 'not_found', message: 'Conversation Not Exists.', status: 404 } });
    }
    expect(await d.events.headPosition()).toBe(before);
    // Bob's own key cannot read Alice's thread natively either.
    expect((await d.api('GET', `/threads/${conversation}`, BOB_KEY)).status).toBe(404);
  });
});
