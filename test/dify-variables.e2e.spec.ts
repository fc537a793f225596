import { difySdk } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedProperties, seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY } from './support/test-app';

const V = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const DECLARED = [
  { id: V(1), name: 'preference', value_type: 'string', value: 'dark', description: 'Theme' },
  { id: V(2), name: 'count', value_type: 'number' },
  { id: V(3), name: 'tags', value_type: 'array[string]', value: ['a'] },
  { id: V(4), name: 'profile', value_type: 'object', value: {} },
];

/** Conversation variables: declared on the agent, listed and updated per conversation, checked against the seed's schemas. */
describe('Dify service API: conversation variables', () => {
  let d: DifyTestApp;
  let agentId: string;
  let key: string;
  let conversation: string;
  let createdAt: number;
  const variables = (query = '', user = 'vuser', k = key) =>
    d.api('GET', `/v1/conversations/${conversation}/variables?user=${user}${query}`, k);
  const put = (id: string, body: unknown, k = key) => d.api('PUT', `/v1/conversations/${conversation}/variables/${id}`, k, body);

  beforeAll(async () => {
    d = await startDifyTestApp();
    agentId = await d.newAgent(ALICE_KEY, { slug: 'vars', name: 'Vars', conversation_variables: DECLARED });
    key = (await d.newKey(agentId)).key;
    const sent = await difySdk(`${d.t.baseUrl}/v1`, key, 'createChatMessage', {}, 'Hi', 'vuser', false, null, null);
    conversation = sent.data.conversation_id;
    createdAt = (await d.api('GET', '/v1/conversations?user=vuser', key)).body.data[0].created_at;
  });
  afterAll(() => d.t.close());

  it('declares variables on the agent, their defaults filled in by type', async () => {
    expect((await d.api('GET', `/agents/${agentId}`)).body.conversation_variables).toEqual([
      DECLARED[0],
      { ...DECLARED[1], value: 0, description: '' },
      { ...DECLARED[2], description: '' },
      { ...DECLARED[3], description: '' },
    ]);
    const bad = (variable: object) =>
      d.api('POST', '/agents', ALICE_KEY, { slug: 'bad-vars', name: 'x', conversation_variables: [variable] });
    expect((await bad({ ...DECLARED[1], value: 'three' })).body.detail).toMatch(
      /^conversation_variables: item 0: value .*expected number, got string/,
    );
    expect((await bad({ ...DECLARED[1], name: '1st' })).body.detail).toMatch(/^conversation_variables: item 0: name/);
    expect((await bad({ id: V(5), name: 'x' })).body.detail).toMatch(/^conversation_variables\.0\.value_type/);
    expect((await bad({ ...DECLARED[1], value_type: 'file' })).body.detail).toMatch(/^conversation_variables: item 0: value_type/);
  });

  it("lists a conversation's variables with their defaults, paged by last_id and filtered by name", async () => {
    const all = await variables();
    expect(all.status).toBe(200);
    expect(seedSchemaErrors('ConversationVariablesResponse', all.body)).toEqual([]);
    expect(all.body).toEqual({
      limit: 20,
      has_more: false,
      data: [
        { ...DECLARED[0], created_at: createdAt, updated_at: createdAt },
        { ...DECLARED[1], value: '0', description: '', created_at: createdAt, updated_at: createdAt },
        { ...DECLARED[2], value: '["a"]', description: '', created_at: createdAt, updated_at: createdAt },
        { ...DECLARED[3], value: '{}', description: '', created_at: createdAt, updated_at: createdAt },
      ],
    });
    const first = await variables('&limit=2');
    expect(first.body).toMatchObject({ limit: 2, has_more: true });
    expect(first.body.data.map((v: any) => v.name)).toEqual(['preference', 'count']);
    const next = await variables(`&limit=2&last_id=${V(2)}`);
    expect(next.body).toMatchObject({ limit: 2, has_more: false });
    expect(next.body.data.map((v: any) => v.name)).toEqual(['tags', 'profile']);
    expect((await variables('&variable_name=count')).body.data.map((v: any) => v.id)).toEqual([V(2)]);
    expect(await variables(`&last_id=${V(9)}`)).toMatchObject({
      status: 404,
      body: { code: 'not_found', message: 'Conversation Variable Not Exists.', status: 404 },
    });
    expect((await variables('&limit=0')).body).toMatchObject({ code: 'invalid_param', message: expect.stringMatching(/^limit/) });
  });

  it('updates a value of the right type as an event on the conversation, and shows it from then on', async () => {
    const updated = await put(V(2), { value: 5, user: 'vuser' });
    expect(updated.status).toBe(200);
    expect(seedSchemaErrors('ConversationVariableItem', updated.body)).toEqual([]);
    expect(updated.body).toMatchObject({ id: V(2), name: 'count', value_type: 'number', value: '5', created_at: createdAt });
    expect(updated.body.updated_at).toBeGreaterThanOrEqual(createdAt);
    expect((await put(V(4), { value: { theme: { dark: true } }, user: 'vuser' })).body.value).toBe('{"theme":{"dark":true}}');

    const listed = (await variables()).body.data.map((v: any) => [v.name, v.value]);
    expect(listed).toEqual([
      ['preference', 'dark'],
      ['count', '5'],
      ['tags', '["a"]'],
      ['profile', '{"theme":{"dark":true}}'],
    ]);
    const recorded = (await d.allEvents()).filter((e) => e.includes('"ConversationVariableUpdated"')).map((e) => JSON.parse(e));
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({
      streamId: `thread-${conversation}`,
      data: { threadId: conversation, variableId: V(2), name: 'count', value: 5, endUserId: expect.any(String) },
    });

    // The agent retypes a variable: the value set under the old type gives way to the new default.
    const retyped = [DECLARED[0], { ...DECLARED[1], value_type: 'string', value: 'none' }, DECLARED[2], DECLARED[3]];
    expect((await d.api('PATCH', `/agents/${agentId}`, ALICE_KEY, { conversation_variables: retyped })).status).toBe(200);
    expect((await variables('&variable_name=count')).body.data).toEqual([
      { ...DECLARED[1], value_type: 'string', value: 'none', description: '', created_at: createdAt, updated_at: createdAt },
    ]);
    await d.api('PATCH', `/agents/${agentId}`, ALICE_KEY, { conversation_variables: DECLARED });
  });

  it('refuses a value of another type, an unknown variable, another end user and another app, writing nothing', async () => {
    const otherKey = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'no-vars', name: 'None' }))).key;
    const before = (await d.allEvents()).length;
    expect(await put(V(1), { value: 3, user: 'vuser' })).toMatchObject({
      status: 400,
      body: { code: 'bad_request', message: 'Value type mismatch: expected string, got integer.', status: 400 },
    });
    expect((await put(V(3), { value: ['a', 2], user: 'vuser' })).body.message).toMatch(/^Value type mismatch: expected array\[string\]/);
    expect((await put(V(2), { value: null, user: 'vuser' })).body.message).toBe('Value type mismatch: expected number, got null.');
    expect((await put(V(2), { user: 'vuser' })).body).toMatchObject({ code: 'invalid_param', message: expect.stringMatching(/^value/) });
    expect(await put(V(9), { value: 'x', user: 'vuser' })).toMatchObject({
      status: 404,
      body: { code: 'not_found', message: 'Conversation Variable Not Exists.' },
    });
    const gone = { status: 404, body: { code: 'not_found', message: 'Conversation Not Exists.', status: 404 } };
    expect(await put(V(2), { value: 7, user: 'intruder' })).toMatchObject(gone);
    expect(await put(V(2), { value: 7 })).toMatchObject(gone);
    expect(await variables('', 'intruder')).toMatchObject(gone);
    expect(await put(V(2), { value: 7, user: 'vuser' }, otherKey)).toMatchObject(gone);
    expect(await variables('', 'vuser', otherKey)).toMatchObject(gone);
    expect((await d.allEvents()).length).toBe(before);
  });

  it("documents the slice's routes with the seed's shapes (feedbacks, suggested questions, variables)", async () => {
    const spec: any = await (await fetch(`${d.t.baseUrl}/docs-json`)).json();
    const ok = (path: string, method: string) => spec.paths[path][method].responses['200'].content['application/json'].schema.$ref;
    expect(ok('/v1/messages/{message_id}/feedbacks', 'post')).toBe('#/components/schemas/SuccessResult');
    expect(ok('/v1/app/feedbacks', 'get')).toBe('#/components/schemas/AppFeedbacksResponse');
    expect(ok('/v1/messages/{message_id}/suggested', 'get')).toBe('#/components/schemas/SuggestedQuestionsResponse');
    expect(ok('/v1/conversations/{conversation_id}/variables', 'get')).toBe('#/components/schemas/ConversationVariablesResponse');
    expect(ok('/v1/conversations/{conversation_id}/variables/{variable_id}', 'put')).toBe('#/components/schemas/ConversationVariableItem');
    const fields = (name: string) => Object.keys(spec.components.schemas[name].properties).sort();
    for (const name of ['FeedbackItem', 'AppFeedbacksResponse', 'MessageFeedbackRequest', 'SuggestedQuestionsResponse']) {
      expect(fields(name)).toEqual(seedProperties(name));
    }
    for (const name of ['ConversationVariableItem', 'ConversationVariablesResponse']) expect(fields(name)).toEqual(seedProperties(name));
    expect(fields('UpdateVariableRequest')).toEqual(seedProperties('ConversationVariableUpdateRequest'));
    const errors = Object.keys(spec.paths['/v1/conversations/{conversation_id}/variables/{variable_id}'].put.responses);
    expect(errors).toEqual(expect.arrayContaining(['400', '401', '404', '429']));
  });
});
