import { difySdk } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedProperties, seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

/** The Dify service API's app-info routes and end users, checked against the seed's schemas and with Dify's own SDK. */
describe('Dify service API: app info and end users', () => {
  let d: DifyTestApp;
  const api: DifyTestApp['api'] = (...args) => d.api(...args);
  const newAgent: DifyTestApp['newAgent'] = (...args) => d.newAgent(...args);
  const newKey: DifyTestApp['newKey'] = (...args) => d.newKey(...args);

  beforeAll(async () => {
    d = await startDifyTestApp();
  });
  afterAll(() => d.t.close());

  it("answers the app-info routes from the agent definition, in the seed's shapes", async () => {
    const agentId = await newAgent(ALICE_KEY, {
      slug: 'info-bot',
      name: 'Info bot',
      description: 'Answers questions about info.',
      mode: 'react',
      tools: ['calculator'],
      opening_statement: 'Hello! Ask me anything.',
      suggested_questions: ['What is 2+2?', 'What time is it?'],
    });
    const { key } = await newKey(agentId);
    const shapes: Array<[string, string]> = [
      ['/v1/parameters', 'ChatAppParametersResponse'],
      ['/v1/meta', 'AppMetaResponse'],
      ['/v1/info', 'AppInfoResponse'],
      ['/v1/site', 'WebAppSettingsResponse'],
    ];
    const answers: Record<string, any> = {};
    for (const [path, schema] of shapes) {
      const { status, body } = await api('GET', path, key);
      expect({ path, status, errors: seedSchemaErrors(schema, body), fields: Object.keys(body).sort() }).toEqual({
        path,
        status: 200,
        errors: [],
        fields: seedProperties(schema),
      });
      answers[path] = body;
    }
    expect(answers['/v1/parameters']).toMatchObject({
      opening_statement: 'Hello! Ask me anything.',
      suggested_questions: ['What is 2+2?', 'What time is it?'],
      user_input_form: [],
      speech_to_text: { enabled: false },
    });
    expect(answers['/v1/meta']).toEqual({ tool_icons: { calculator: { background: expect.any(String), content: expect.any(String) } } });
    expect(answers['/v1/info']).toEqual({
      name: 'Info bot',
      description: 'Answers questions about info.',
      tags: [],
      mode: 'advanced-chat',
      author_name: 'alice',
    });
    expect(answers['/v1/site']).toMatchObject({ title: 'Info bot', description: 'Answers questions about info.', icon_url: null });
    // A change of the agent shows at once; unknown query fields are ignored, as Dify ignores them.
    await api('PATCH', `/agents/${agentId}`, ALICE_KEY, { opening_statement: 'Hi again.' });
    expect((await api('GET', '/v1/parameters?first_id=x&pinned=true', key)).body.opening_statement).toBe('Hi again.');
    expect(await api('GET', '/v1', null)).toMatchObject({ status: 200, body: { welcome: 'Dify OpenAPI', api_version: 'v1' } });
  });

  it("records a request's user as an end user of the app, once, shown by GET /v1/end-users/{id} to that app alone", async () => {
    const { key } = await newKey(await newAgent(ALICE_KEY, { slug: 'users-bot', name: 'Users' }));
    const { key: otherKey } = await newKey(await newAgent(BOB_KEY, { slug: 'users-bot', name: "Bob's" }), BOB_KEY);
    const before = await d.events.headPosition();
    expect((await api('GET', '/v1/parameters', key)).status).toBe(200);
    expect(await d.events.headPosition()).toBe(before); // no user: nobody to record

    expect((await api('GET', '/v1/parameters?user=user_app1:session-42', key)).status).toBe(200);
    const recorded = (await d.allEvents()).filter((e) => e.includes('"EndUserCreated"') && e.includes('user_app1:session-42'));
    expect(recorded).toHaveLength(1);
    const endUserId = JSON.parse(recorded[0]).data.endUserId;
    const head = await d.events.headPosition();
    for (const path of ['/v1/meta', '/v1/info', '/v1/site', '/v1/parameters'])
      expect((await api('GET', `${path}?user=user_app1:session-42`, key)).status).toBe(200);
    expect(await d.events.headPosition()).toBe(head);

    const shown = await api('GET', `/v1/end-users/${endUserId}`, key);
    expect(seedSchemaErrors('EndUserDetail', shown.body)).toEqual([]);
    expect(Object.keys(shown.body).sort()).toEqual(seedProperties('EndUserDetail'));
    expect(shown.body).toEqual({
      id: endUserId,
      tenant_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      app_id: expect.any(String),
      type: 'service_api',
      external_user_id: 'user_app1:session-42',
      name: null,
      is_anonymous: false,
      session_id: 'user_app1:session-42',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    // The same user string of another app is another end user; neither app sees the other's.
    // Each key answers for its own app (two apps of two owners).
    expect((await api('GET', '/v1/info?user=user_app1:session-42', otherKey)).body).toMatchObject({ name: "Bob's", author_name: 'bob' });
    expect((await api('GET', '/v1/info', key)).body).toMatchObject({ name: 'Users', author_name: 'alice' });
    const theirs = (await d.allEvents()).filter((e) => e.includes('"EndUserCreated"') && e.includes('user_app1:session-42'));
    const theirId = theirs.map((e) => JSON.parse(e).data.endUserId).find((id: string) => id !== endUserId);
    expect((await api('GET', `/v1/end-users/${theirId}`, otherKey)).body.external_user_id).toBe('user_app1:session-42');
    expect((await api('GET', `/v1/end-users/${theirId}`, key)).status).toBe(404);
    const notFound = { code: 'end_user_not_found', message: 'End user not found.', status: 404 };
    expect(await api('GET', `/v1/end-users/${endUserId}`, otherKey)).toMatchObject({ status: 404, body: notFound });
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect(await api('GET', `/v1/end-users/${id}`, key)).toMatchObject({ status: 404, body: notFound });
    }
  });

  it("refuses bad input in Dify's envelope naming the field, writing nothing", async () => {
    const { key } = await newKey(await newAgent(ALICE_KEY, { slug: 'strict-bot', name: 'Strict' }));
    const before = await d.events.headPosition();
    const tooLong = await api('GET', `/v1/parameters?user=${'u'.repeat(256)}`, key);
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'invalid_param', message: expect.stringMatching(/^user: /), status: 400 } });
    const twice = await api('GET', '/v1/info?user=a&user=b', key);
    expect(twice).toMatchObject({ status: 400, body: { code: 'invalid_param', message: expect.stringMatching(/^user: /) } });
    expect(await api('GET', '/v1/no-such-route', key)).toMatchObject({ status: 404, body: { code: 'not_found', status: 404 } });
    expect(await d.events.headPosition()).toBe(before);
  });

  it('documents every route in the OpenAPI document, with real shapes', async () => {
    const spec: any = await (await fetch(`${d.t.baseUrl}/docs-json`)).json();
    expect(Object.keys(spec.paths['/agents/{agent_id}/api-keys']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/agents/{agent_id}/api-keys/{key_id}'])).toEqual(['delete']);
    const ok = (path: string, method = 'get') => spec.paths[path][method].responses['200'].content['application/json'].schema;
    expect(ok('/agents/{agent_id}/api-keys', 'post').$ref).toMatch(/CreatedAppKeyResponse$/);
    expect(ok('/agents/{agent_id}/api-keys').items.$ref).toMatch(/AppKeyResponse$/);
    for (const [path, schema] of [
      ['/v1/parameters', 'ChatAppParametersResponse'],
      ['/v1/meta', 'AppMetaResponse'],
      ['/v1/info', 'AppInfoResponse'],
      ['/v1/site', 'WebAppSettingsResponse'],
      ['/v1/end-users/{end_user_id}', 'EndUserDetail'],
    ]) {
      expect(ok(path).$ref).toBe(`#/components/schemas/${schema}`);
      expect(spec.paths[path].get.responses['401'].content['application/json'].schema.$ref).toMatch(/DifyErrorResponse$/);
      expect(Object.keys(spec.components.schemas[schema].properties).sort()).toEqual(seedProperties(schema));
    }
  });

  it("works with Dify's own Node SDK (dify-client 2.x) unmodified", async () => {
    const { key } = await newKey(await newAgent(ALICE_KEY, { slug: 'sdk-bot', name: 'SDK', opening_statement: 'From the SDK' }));
    const parameters = await difySdk(`${d.t.baseUrl}/v1`, key, 'getApplicationParameters', 'sdk-user');
    expect(parameters).toMatchObject({ status: 200, data: { opening_statement: 'From the SDK', suggested_questions: [] } });
    expect(seedSchemaErrors('ChatAppParametersResponse', parameters.data)).toEqual([]);
    const refused = await difySdk(`${d.t.baseUrl}/v1`, ALICE_KEY, 'getApplicationParameters', 'sdk-user');
    expect(refused).toEqual({ error: { status: 401, data: { code: 'unauthorized', message: 'Access token is invalid', status: 401 } } });
    expect((await d.allEvents()).filter((e) => e.includes('"EndUserCreated"') && e.includes('"sdk-user"'))).toHaveLength(1);
    // 2.3.2 has no getMeta/getInfo/getSite (the unpublished TypeScript rewrite has): its own sendRequest reaches them.
    for (const [path, schema] of [
      ['/meta', 'AppMetaResponse'],
      ['/info', 'AppInfoResponse'],
      ['/site', 'WebAppSettingsResponse'],
    ]) {
      const answer = await difySdk(`${d.t.baseUrl}/v1`, key, 'sendRequest', 'GET', path, null, { user: 'sdk-user' });
      expect({ path, status: answer.status, errors: seedSchemaErrors(schema, answer.data) }).toEqual({ path, status: 200, errors: [] });
    }
  });
});
