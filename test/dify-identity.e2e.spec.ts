import { createHash } from 'crypto';
import { estimatedKeyBits, MIN_KEY_BITS } from '../apps/api/src/auth/key-strength';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { ALICE_KEY, BOB_KEY, call, startTestApp } from './support/test-app';

/** The Dify service API's identity: app keys per agent, made and revoked by the agent's owner, taken on /v1 alone. */
describe('Dify service API: app keys', () => {
  let d: DifyTestApp;
  const api: DifyTestApp['api'] = (...args) => d.api(...args);
  const newAgent: DifyTestApp['newAgent'] = (...args) => d.newAgent(...args);
  const newKey: DifyTestApp['newKey'] = (...args) => d.newKey(...args);

  beforeAll(async () => {
    d = await startDifyTestApp();
  });
  afterAll(() => d.t.close());

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

    const log = await d.allEvents();
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
    const before = await d.events.headPosition();
    for (const [method, path] of [
      ['POST', `/agents/${agentId}/api-keys`],
      ['GET', `/agents/${agentId}/api-keys`],
      ['DELETE', `/agents/${agentId}/api-keys/${key_id}`],
      ['POST', '/agents/no-such-agent/api-keys'],
    ]) {
      expect({ path, status: (await api(method, path, BOB_KEY)).status }).toEqual({ path, status: 404 });
    }
    expect((await api('POST', '/agents/bad id/api-keys')).status).toBe(400);
    expect(await d.events.headPosition()).toBe(before);
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
