import Ajv from 'ajv';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedSchemaErrors } from './support/dify-seed';
import { webappChunks } from './support/dify-stream';
import { PassportCarrier, passportHeaders, WebSession, webSession } from './support/dify-web-passport';
import { ALICE_KEY } from './support/test-app';

/** Shapes of the web seed's request models (seeds/dify-web-api.txt) and of the answers its prose describes. */
const ajv = new Ajv({ allErrors: true, strict: false });
const REQUEST = {
  ChatMessagePayload: {
    type: 'object',
    required: ['inputs', 'query'],
    properties: { inputs: { type: 'object' }, query: { type: 'string' } },
  },
  ConversationRenamePayload: { type: 'object', properties: { auto_generate: { type: 'boolean' }, name: { type: ['string', 'null'] } } },
};
const ITEM = {
  type: 'object',
  required: ['id', 'name', 'inputs', 'status', 'introduction', 'created_at', 'updated_at'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, status: { const: 'normal' }, created_at: { type: 'integer' } },
};
const page = (item: object) => ({
  type: 'object',
  required: ['limit', 'has_more', 'data'],
  additionalProperties: false,
  properties: { limit: { type: 'integer' }, has_more: { type: 'boolean' }, data: { type: 'array', items: item } },
});
const SITE = {
  type: 'object',
  required: ['app_id', 'end_user_id', 'enable_site', 'site', 'model_config', 'plan', 'can_replace_logo', 'custom_config'],
  properties: { site: { type: 'object', required: ['title', 'icon', 'default_language', 'prompt_public', 'show_workflow_steps'] } },
};
const MESSAGE = { type: 'object', required: ['id', 'conversation_id', 'parent_message_id', 'query', 'answer', 'feedback', 'metadata'] };
const FILE = { type: 'object', required: ['id', 'name', 'size', 'extension', 'mime_type', 'created_by', 'created_at'] };
const errorsOf = (schema: object, value: unknown) => (ajv.validate(schema, value) ? [] : ajv.errorsText(ajv.errors).split(', '));

/** Posts a chat message as Dify's web app does (ssePost) and parses the stream as its handleStream does. */
async function streamChat(d: DifyTestApp, s: WebSession, body: Record<string, unknown>, carrier: PassportCarrier) {
  expect(errorsOf(REQUEST.ChatMessagePayload, body)).toEqual([]);
  const response = await fetch(`${d.t.baseUrl}/api/chat-messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...passportHeaders(s.siteCode, s.passport, carrier) },
    body: JSON.stringify({ response_mode: 'streaming', ...body }),
  });
  expect([response.status, response.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/event-stream')]);
  const chunks = webappChunks(await response.text());
  const end = chunks.find((c) => c.event === 'message_end');
  expect(chunks.some((c) => c.event === 'error')).toBe(false);
  return { chunks, conversationId: end.conversation_id as string, messageId: end.message_id as string, taskId: end.task_id as string };
}

/** A browser's whole session with a web app, over HTTP, as Dify's web front end calls it (service/share.ts). */
describe.each(['x-app-passport', 'bearer'] as const)('Dify web API: a browser flow (passport as %s)', (carrier) => {
  let d: DifyTestApp;
  let agentId: string;
  let s: WebSession;
  const api = (method: string, path: string, body?: unknown) => s.api(method, path, body, carrier);

  beforeAll(async () => {
    d = await startDifyTestApp();
    agentId = await d.newAgent(ALICE_KEY, {
      slug: 'webchat',
      name: 'Web chat',
      opening_statement: 'Hello from the web',
      suggested_questions_after_answer: { enabled: true },
    });
    s = await webSession(d.t.baseUrl, agentId);
  });
  afterAll(() => d.t.close());

  it('chats, regenerates, pins, renames, rates, suggests, uploads and deletes through the passport only', async () => {
    const parameters = await api('GET', '/api/parameters');
    expect([parameters.status, parameters.body.opening_statement]).toEqual([200, 'Hello from the web']);
    expect(seedSchemaErrors('ChatAppParametersResponse', parameters.body)).toEqual([]);
    const site = await api('GET', '/api/site');
    expect(errorsOf(SITE, site.body)).toEqual([]);
    expect(site.body).toMatchObject({ app_id: agentId, enable_site: true, site: { title: 'Web chat' } });
    expect((await api('GET', '/api/meta')).body).toEqual({ tool_icons: {} });

    const first = await streamChat(d, s, { inputs: {}, query: 'What is a fork?', conversation_id: '', files: [] }, carrier);
    expect(first.chunks.map((c) => c.event)).toEqual(expect.arrayContaining(['workflow_started', 'message', 'message_end']));
    const { conversationId } = first;
    const second = await streamChat(d, s, { inputs: {}, query: 'And a branch?', conversation_id: conversationId }, carrier);
    // Dify's web app starts a conversation unnamed, then asks for a name.
    const listed = await api('GET', '/api/conversations?limit=20&pinned=false');
    expect(listed.body.data.map((c: any) => [c.id, c.name])).toEqual([[conversationId, 'New conversation']]);
    const rename = { auto_generate: true };
    expect(errorsOf(REQUEST.ConversationRenamePayload, rename)).toEqual([]);
    expect((await api('POST', `/api/conversations/${conversationId}/name`, rename)).body.name).toBe('What is a fork?');

    // Regenerating the second answer: a new branch at its parent, the old answer kept.
    const regenerated = await streamChat(
      d,
      s,
      { inputs: {}, query: 'And a branch?', conversation_id: conversationId, parent_message_id: first.messageId },
      carrier,
    );
    expect(regenerated.conversationId).toBe(conversationId);
    const messages = await api('GET', `/api/messages?conversation_id=${conversationId}&limit=20&last_id=`);
    expect(errorsOf(page(MESSAGE), messages.body)).toEqual([]);
    expect(messages.body.data.map((m: any) => [m.id, m.parent_message_id])).toEqual([
      [first.messageId, null],
      [second.messageId, first.messageId],
      [regenerated.messageId, first.messageId],
    ]);
    expect(messages.body.data[0].metadata).toEqual({ retriever_resources: [] });

    const other = await streamChat(d, s, { inputs: {}, query: 'Unrelated', conversation_id: null }, carrier);
    expect((await api('PATCH', `/api/conversations/${conversationId}/pin`)).body).toEqual({ result: 'success' });
    const pinned = await api('GET', '/api/conversations?limit=100&pinned=true');
    expect(errorsOf(page(ITEM), pinned.body)).toEqual([]);
    expect(pinned.body.data.map((c: any) => c.id)).toEqual([conversationId]);
    expect((await api('GET', '/api/conversations?limit=100&pinned=false')).body.data.map((c: any) => c.id)).toEqual([other.conversationId]);
    expect((await api('GET', '/api/conversations')).body.data).toHaveLength(2);

    const renamed = await api('POST', `/api/conversations/${conversationId}/name`, { name: 'Forks' });
    expect(errorsOf(ITEM, renamed.body)).toEqual([]);
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Forks']);

    const rated = await api('POST', `/api/messages/${regenerated.messageId}/feedbacks`, { rating: 'like', content: 'good' });
    expect(rated.body).toEqual({ result: 'success' });
    const afterRating = await api('GET', `/api/messages?conversation_id=${conversationId}`);
    expect(afterRating.body.data[2].feedback).toEqual({ rating: 'like' });
    const suggested = await api('GET', `/api/messages/${regenerated.messageId}/suggested-questions`);
    expect([suggested.status, suggested.body.result, suggested.body.data.length]).toEqual([200, 'success', 3]);

    const form = new FormData();
    form.append('file', new Blob(['notes'], { type: 'text/plain' }), 'notes.txt');
    const uploaded = await fetch(`${d.t.baseUrl}/api/files/upload`, {
      method: 'POST',
      headers: passportHeaders(s.siteCode, s.passport, carrier),
      body: form,
    });
    const file = (await uploaded.json()) as any;
    expect([uploaded.status, errorsOf(FILE, file)]).toEqual([201, []]);
    const withFile = { inputs: {}, query: 'Read this', conversation_id: conversationId };
    const attached = await streamChat(
      d,
      s,
      { ...withFile, files: [{ type: 'document', transfer_method: 'local_file', upload_file_id: file.id }] },
      carrier,
    );
    expect(attached.conversationId).toBe(conversationId);

    const stop = await api('POST', `/api/chat-messages/${attached.taskId}/stop`);
    expect(stop.body).toEqual({ result: 'success' });
    const deleted = await api('DELETE', `/api/conversations/${conversationId}`);
    expect([deleted.status, deleted.body]).toEqual([204, undefined]);
    expect((await api('GET', '/api/conversations?pinned=true')).body.data).toEqual([]);
    expect((await api('GET', `/api/messages?conversation_id=${conversationId}`)).body).toEqual({
      code: 'not_found',
      message: 'Conversation Not Exists.',
      status: 404,
    });
  });
});
