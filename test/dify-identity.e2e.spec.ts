import { createHash } from 'crypto';
import { estimatedKeyBits, MIN_KEY_BITS } from '../apps/api/src/auth/key-strength';
import { difySdk } from './support/dify-sdk';
import { seedProperties, seedSchemaErrors } from './support/dify-seed';
import { EVENT_STORE, EventStore } from './support/events';
import { ALICE_KEY, BOB_KEY, call, startTestApp, TestApp } from './support/test-app';

/** The Dify service API's identity layer: app keys per agent, app keys on /v1 only, end users, the app-info routes. */
describe('Dify service API: app keys, end users, app info', () => {
  let t: TestApp;
  let events: EventStore;
  const api = (method: string, path: string, key: string | null = ALICE_KEY, body?: unknown) =>
    call(t.baseUrl, method, path, body, { key });
  const newAgent = async (key: string, fields: Record<string, unknown>) =>
    (await api('POST', '/agents', key, fields)).body.agent_id as string;
  const newKey = async (agentId: string, key = ALICE_KEY) => {
    const created = await api('POST', `/agents/${agentId}/api-keys`, key);
    expect(created.status).toBe(200);
    return created.body;
  };
  const allEvents = async () => (await events.readAll()).map((e) => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it('creates a strong app- key shown once, lists keys without it, stores only its hash, and revokes it', async () => {
    const agentId = await newAgent(ALICE_KEY, { slug: 'keys-bot', name: 'Keys bot' });
    const first = await newKey(agentId);
    expect(first).toEqual({
      key_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      agent_id: agentId,
      key: expect.stringMatching(/^app-[A-Za-z0-9_-]{32}$/),
      masked_key: `app-...${first.key.slice(-4)}`,
      created_at: expect.any(String),
    });
    expect(estimatedKeyBits(first.key)).toBeGreaterThanOrEqual(MIN_KEY_BITS);
    const second = await newKey(agentId);
    const listed = await api('GET', `/agents/${agentId}/api-keys`);
    expect(listed.body).toEqual([first, second].map(({ key: _, ...rest }) => rest));
    expect(JSON.stringify(listed.body)).not.toContain(first.key);

    const log = await allEvents();
    expect(log.some((e) => e.includes(first.key) || e.includes(second.key))).toBe(false);
    const sha = createHash('sha256').update(first.key).digest('hex');
    expect(log.filter((e) => e.includes('"AppKeyCreated"') && e.includes(sha))).toHaveLength(1);

    expect((await api('GET', '/v1/info', first.key)).status).toBe(200);
    expect(await api('DELETE', `/agents/${agentId}/api-keys/${first.key_id}`)).toMatchObject({
      status: 200,
      body: { key_id: first.key_id, revoked: true },
    });
    expect(await api('GET', '/v1/info', first.key)).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', message: 'Access token is invalid', status: 401 },
    });
    expect((await api('GET', '/v1/info', second.key)).status).toBe(200);
    expect((await api('GET', `/agents/${agentId}/api-keys`)).body.map((k: any) => k.key_id)).toEqual([second.key_id]);
    const again = await api('DELETE', `/agents/${agentId}/api-keys/${first.key_id}`);
    expect(again).toMatchObject({ status: 404, body: { detail: `app key '${first.key_id}' not found` } });
  });

  it("keeps keys to the agent's owner: another user's agent is 404 for every key route, and nothing is written", async () => {
    const agentId = await newAgent(ALICE_KEY, { slug: 'private-bot', name: 'Private' });
    const { key_id } = await newKey(agentId);
    const before = await events.headPosition();
    for (const [method, path] of [
      ['POST', `/agents/${agentId}/api-keys`],
      ['GET', `/agents/${agentId}/api-keys`],
      ['DELETE', `/agents/${agentId}/api-keys/${key_id}`],
      ['POST', '/agents/no-such-agent/api-keys'],
    ]) {
      expect({ path, status: (await api(method, path, BOB_KEY)).status }).toEqual({ path, status: 404 });
    }
    expect((await api('POST', '/agents/bad id/api-keys')).status).toBe(400);
    expect(await events.headPosition()).toBe(before);
  });

  it('gives the default agent keys too, writing it as it writes its first change', async () => {
    const defaultId = (await api('GET', '/agents', BOB_KEY)).body[0].agent_id;
    const { key } = await newKey(defaultId, BOB_KEY);
    expect((await api('GET', '/v1/info', key)).body).toMatchObject({ name: 'Assistant', author_name: 'bob' });
    expect((await api('GET', `/agents/${defaultId}`, BOB_KEY)).body).toMatchObject({ slug: 'assistant', version: 2 });
  });

  it("takes app keys on /v1 alone and user keys everywhere else, refusing the wrong kind with each face's error", async () => {
    const { key } = await newKey(await newAgent(ALICE_KEY, { slug: 'kinds-bot', name: 'Kinds' }));
    expect(await api('GET', '/v1/parameters', ALICE_KEY)).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', message: 'Access token is invalid', status: 401 },
    });
    expect(await api('GET', '/v1/parameters', null)).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', message: "Authorization header must be provided and start with 'Bearer'", status: 401 },
    });
    for (const path of ['/agents', '/threads', '/api/workflows/']) {
      const refused = await api('GET', path, key);
      expect({ path, ...refused }).toMatchObject({
        path,
        status: 401,
        body: { detail: expect.stringMatching(/app key works only on .*\/v1/) },
      });
    }
    expect((await api('POST', '/commands/create-thread', key, { thread_id: 'by-app-key' })).status).toBe(401);
    expect((await api('GET', '/threads/by-app-key/head')).status).toBe(404);
    // The operator view of /health wants a user key: an app key gets the public answer.
    expect((await api('GET', '/health', key)).body).toEqual({ status: 'ok' });
    expect(Object.keys((await api('GET', '/health', ALICE_KEY)).body).length).toBeGreaterThan(1);
  });

  it("refuses a deleted agent's keys", async () => {
    const agentId = await newAgent(ALICE_KEY, { slug: 'doomed-bot', name: 'Doomed' });
    const { key } = await newKey(agentId);
    expect((await api('GET', '/v1/site', key)).status).toBe(200);
    expect((await api('DELETE', `/agents/${agentId}`)).status).toBe(200);
    expect((await api('GET', '/v1/site', key)).body).toEqual({ code: 'unauthorized', message: 'Access token is invalid', status: 401 });
    expect((await api('GET', `/agents/${agentId}/api-keys`)).status).toBe(404);
  });

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
    const before = await events.headPosition();
    expect((await api('GET', '/v1/parameters', key)).status).toBe(200);
    expect(await events.headPosition()).toBe(before); // no user: nobody to record

    expect((await api('GET', '/v1/parameters?user=user_app1:session-42', key)).status).toBe(200);
    const recorded = (await allEvents()).filter((e) => e.includes('"EndUserCreated"') && e.includes('user_app1:session-42'));
    expect(recorded).toHaveLength(1);
    const endUserId = JSON.parse(recorded[0]).data.endUserId;
    const head = await events.headPosition();
    for (const path of ['/v1/meta', '/v1/info', '/v1/site', '/v1/parameters'])
      expect((await api('GET', `${path}?user=user_app1:session-42`, key)).status).toBe(200);
    expect(await events.headPosition()).toBe(head);

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
    await api('GET', '/v1/info?user=user_app1:session-42', otherKey);
    const notFound = { code: 'end_user_not_found', message: 'End user not found.', status: 404 };
    expect(await api('GET', `/v1/end-users/${endUserId}`, otherKey)).toMatchObject({ status: 404, body: notFound });
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect(await api('GET', `/v1/end-users/${id}`, key)).toMatchObject({ status: 404, body: notFound });
    }
  });

  it("refuses bad input in Dify's envelope naming the field, writing nothing", async () => {
    const { key } = await newKey(await newAgent(ALICE_KEY, { slug: 'strict-bot', name: 'Strict' }));
    const before = await events.headPosition();
    const tooLong = await api('GET', `/v1/parameters?user=${'u'.repeat(256)}`, key);
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'invalid_param', message: expect.stringMatching(/^user: /), status: 400 } });
    const twice = await api('GET', '/v1/info?user=a&user=b', key);
    expect(twice).toMatchObject({ status: 400, body: { code: 'invalid_param', message: expect.stringMatching(/^user: /) } });
    expect(await api('GET', '/v1/no-such-route', key)).toMatchObject({ status: 404, body: { code: 'not_found', status: 404 } });
    expect(await events.headPosition()).toBe(before);
  });

  it('documents every route in the OpenAPI document, with real shapes', async () => {
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
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
    const parameters = await difySdk(`${t.baseUrl}/v1`, key, 'getApplicationParameters', 'sdk-user');
    expect(parameters).toMatchObject({ status: 200, data: { opening_statement: 'From the SDK', suggested_questions: [] } });
    expect(seedSchemaErrors('ChatAppParametersResponse', parameters.data)).toEqual([]);
    const refused = await difySdk(`${t.baseUrl}/v1`, ALICE_KEY, 'getApplicationParameters', 'sdk-user');
    expect(refused).toEqual({ error: { status: 401, data: { code: 'unauthorized', message: 'Access token is invalid', status: 401 } } });
    expect((await allEvents()).filter((e) => e.includes('"EndUserCreated"') && e.includes('"sdk-user"'))).toHaveLength(1);
  });
});

describe('Dify service API: the rate limits', () => {
  it("counts an app key's requests against its owner's budget, answering 429 in Dify's envelope with Retry-After", async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const agentId = (await call(t.baseUrl, 'POST', '/agents', { slug: 'busy', name: 'Busy' })).body.agent_id;
      const { key } = (await call(t.baseUrl, 'POST', `/agents/${agentId}/api-keys`)).body;
      expect((await call(t.baseUrl, 'GET', '/v1/info', undefined, { key })).status).toBe(200);
      expect((await call(t.baseUrl, 'GET', '/agents')).status).toBe(429); // alice's 4th of the minute: the app key's counted
      const refused = await call(t.baseUrl, 'GET', '/v1/info', undefined, { key });
      expect(refused).toMatchObject({ status: 429, body: { code: 'too_many_requests', status: 429 } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call(t.baseUrl, 'GET', '/agents', undefined, { key: BOB_KEY })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('throttles failed app keys per address like user keys', async () => {
    const t = await startTestApp({ AUTH_FAILURES_PER_MINUTE: '2' });
    try {
      for (let i = 0; i < 2; i++) expect((await call(t.baseUrl, 'GET', '/v1/info', undefined, { key: `app-guess${i}` })).status).toBe(401);
      const refused = await call(t.baseUrl, 'GET', '/v1/info', undefined, { key: 'app-guess3' });
      expect(refused).toMatchObject({
        status: 429,
        body: { code: 'too_many_requests', message: 'Too many requests. Please try again later.' },
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
