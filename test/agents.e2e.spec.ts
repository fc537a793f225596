import { agentStreamId } from '@forkline/domain';
import { EVENT_STORE, EventStore } from './support/events';
import { BOB_KEY, call, startTestApp, TestApp } from './support/test-app';

const DEFAULT_TRIGGERS = [{ node_id: 'trigger_chat', type: 'trigger_chat' }];

describe('agents: definitions on the native face, the default agent, threads that belong to them', () => {
  let t: TestApp;
  let events: EventStore;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const asBob = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body, { key: BOB_KEY });
  const create = async (body: object) => {
    const response = await api('POST', '/agents', body);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it("lists and shows a user's default agent from their first request, writing nothing", async () => {
    const before = await events.headPosition();
    const list = await asBob('GET', '/agents');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({ slug: 'assistant', name: 'Assistant', mode: 'chat', model: null, tools: null, triggers: DEFAULT_TRIGGERS }),
    ]);
    expect(list.body[0]).toMatchObject({ version: 0, created_at: null, system_prompt: '', suggested_questions: [], metadata: {} });
    const shown = await asBob('GET', `/agents/${list.body[0].agent_id}`);
    expect(shown.body).toEqual(list.body[0]);
    // Alice has her own default agent, and does not see Bob's.
    const alices = (await api('GET', '/agents')).body;
    expect(alices[0].agent_id).not.toBe(list.body[0].agent_id);
    expect((await api('GET', `/agents/${list.body[0].agent_id}`)).status).toBe(404);
    expect(await events.headPosition()).toBe(before);
  });

  it('creates, lists, changes and deletes an agent; each change is a new version', async () => {
    const created = await create({
      slug: 'helper',
      name: 'Helper',
      mode: 'react',
      model: 'openai:gpt-4o-mini',
      system_prompt: 'Be brief.',
      tools: ['calculator'],
      suggested_questions: ['What is 2+2?'],
      triggers: [{ node_id: 'chat-in', type: 'trigger_chat' }],
      metadata: { team: 'support' },
    });
    expect(created).toMatchObject({
      slug: 'helper',
      name: 'Helper',
      description: '',
      mode: 'react',
      model: 'openai:gpt-4o-mini',
      system_prompt: 'Be brief.',
      tools: ['calculator'],
      opening_statement: '',
      suggested_questions: ['What is 2+2?'],
      triggers: [{ node_id: 'chat-in', type: 'trigger_chat' }],
      metadata: { team: 'support' },
      version: 1,
    });
    expect(created.created_at).toEqual(created.updated_at);
    expect((await api('GET', '/agents')).body.map((a: any) => a.slug)).toEqual(['assistant', 'helper']);

    const changed = await api('PATCH', `/agents/${created.agent_id}`, { model: null, tools: null, description: 'Helps.' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ model: null, tools: null, description: 'Helps.', system_prompt: 'Be brief.', version: 2 });
    expect((await api('GET', `/agents/${created.agent_id}`)).body).toEqual(changed.body);
    // The same change again changes nothing.
    expect((await api('PATCH', `/agents/${created.agent_id}`, { description: 'Helps.' })).body.version).toBe(2);

    const page = await api('GET', '/agents?limit=1');
    expect(page.body).toHaveLength(1);
    expect(page.headers.get('link')).toContain(`after=${page.body[0].agent_id}`);

    const deleted = await api('DELETE', `/agents/${created.agent_id}`);
    expect(deleted).toMatchObject({ status: 200, body: { agent_id: created.agent_id, deleted: true } });
    expect((await api('GET', `/agents/${created.agent_id}`)).status).toBe(404);
    expect((await api('PATCH', `/agents/${created.agent_id}`, { name: 'x' })).status).toBe(404);
    expect((await api('GET', '/agents')).body.map((a: any) => a.slug)).toEqual(['assistant']);
    // Its slug is free again.
    expect((await create({ slug: 'helper', name: 'Helper again' })).version).toBe(1);
  });

  it("answers another user's agent with 404 and changes nothing", async () => {
    const mine = await create({ slug: 'private', name: 'Private' });
    const before = await events.headPosition();
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await asBob(method, `/agents/${mine.agent_id}`, body);
      expect({ method, status: response.status, detail: response.body.detail }).toEqual({
        method,
        status: 404,
        detail: expect.any(String),
      });
    }
    expect(await events.headPosition()).toBe(before);
    expect((await api('GET', `/agents/${mine.agent_id}`)).body.name).toBe('Private');
    // Bob may use the same slug for his own agent.
    expect((await asBob('POST', '/agents', { slug: 'private', name: 'Mine' })).status).toBe(200);
  });

  it('refuses a taken slug with 409, the default slug included, and writes nothing', async () => {
    const taken = await create({ slug: 'taken', name: 'Taken' });
    const other = await create({ slug: 'other', name: 'Other' });
    const before = await events.headPosition();
    for (const [method, path, body] of [
      ['POST', '/agents', { slug: 'taken', name: 'Again' }],
      ['POST', '/agents', { slug: 'assistant', name: 'Fake default' }],
      ['PATCH', `/agents/${other.agent_id}`, { slug: 'taken' }],
      ['PATCH', `/agents/${other.agent_id}`, { slug: 'assistant' }],
    ] as const) {
      const response = await api(method, path, body);
      expect({ path, body, status: response.status, detail: response.body.detail }).toEqual({
        path,
        body,
        status: 409,
        detail: expect.stringMatching(/slug/),
      });
    }
    expect(await events.headPosition()).toBe(before);
    // A rename frees the old slug.
    expect((await api('PATCH', `/agents/${taken.agent_id}`, { slug: 'renamed' })).body).toMatchObject({ slug: 'renamed', version: 2 });
    expect((await api('PATCH', `/agents/${other.agent_id}`, { slug: 'taken' })).body.slug).toBe('taken');
  });

  const badInput: Array<[string, string, object, RegExp]> = [
    ['missing slug', 'POST', { name: 'x' }, /^slug/],
    ['missing name', 'POST', { slug: 'no-name' }, /^name/],
    ['slug with capitals', 'POST', { slug: 'Bad', name: 'x' }, /^slug/],
    ['slug starting with a hyphen', 'POST', { slug: '-bad', name: 'x' }, /^slug/],
    ['slug too long', 'POST', { slug: 'a'.repeat(65), name: 'x' }, /^slug/],
    ['blank name', 'POST', { slug: 'blank', name: '  ' }, /^name/],
    ['name too long', 'POST', { slug: 'long', name: 'x'.repeat(201) }, /^name/],
    ['repeated tool', 'POST', { slug: 'tools', name: 'x', tools: ['calculator', 'calculator'] }, /^tools/],
    ['question too long', 'POST', { slug: 'q', name: 'x', suggested_questions: ['x'.repeat(501)] }, /^suggested_questions/],
    ['unknown mode', 'POST', { slug: 'mode', name: 'x', mode: 'telepathy' }, /^mode/],
    ['bad model syntax', 'POST', { slug: 'model', name: 'x', model: 'gpt-4' }, /^model/],
    ['unknown provider', 'POST', { slug: 'model', name: 'x', model: 'acme:fast' }, /^model/],
    ['unknown tool', 'POST', { slug: 'tools', name: 'x', tools: ['rm_rf'] }, /^tools/],
    ['tools not a list', 'POST', { slug: 'tools', name: 'x', tools: 'calculator' }, /^tools/],
    ['trigger of another type', 'POST', { slug: 'trig', name: 'x', triggers: [{ node_id: 'n', type: 'trigger_cron' }] }, /triggers/],
    ['trigger without node_id', 'POST', { slug: 'trig', name: 'x', triggers: [{ node_id: '', type: 'trigger_chat' }] }, /node_id/],
    ['metadata not an object', 'POST', { slug: 'meta', name: 'x', metadata: [1, 2] }, /^metadata/],
    ['metadata too large', 'POST', { slug: 'meta', name: 'x', metadata: { blob: 'x'.repeat(20_000) } }, /^metadata/],
    ['too many questions', 'POST', { slug: 'q', name: 'x', suggested_questions: Array(21).fill('why?') }, /suggested_questions/],
    ['unknown field', 'POST', { slug: 'f', name: 'x', colour: 'red' }, /colour/],
    ['name set to null', 'PATCH', { name: null }, /^name/],
    ['system prompt too long', 'PATCH', { system_prompt: 'x'.repeat(20_001) }, /^system_prompt/],
  ];

  it.each(badInput)('refuses %s with 400 naming the field, writing nothing', async (_, method, body, field) => {
    const target = method === 'POST' ? '/agents' : `/agents/${(await create({ slug: `target-${Date.now()}`, name: 't' })).agent_id}`;
    const before = await events.headPosition();
    const response = await api(method, target, body);
    expect({ status: response.status, detail: response.body.detail }).toEqual({ status: 400, detail: expect.stringMatching(field) });
    expect(await events.headPosition()).toBe(before);
  });

  it('keeps the default agent: it can be edited (written then) but neither deleted nor renamed', async () => {
    const [assistant] = (await api('GET', '/agents')).body;
    const before = await events.headPosition();
    const refused = await api('DELETE', `/agents/${assistant.agent_id}`);
    expect(refused).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/default agent/) } });
    const renamed = await api('PATCH', `/agents/${assistant.agent_id}`, { slug: 'butler' });
    expect(renamed).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/^slug/) } });
    // A change that changes nothing writes nothing: the default agent stays unwritten.
    for (const unchanged of [{}, { slug: 'assistant' }, { name: 'Assistant', tools: null }]) {
      const same = await api('PATCH', `/agents/${assistant.agent_id}`, unchanged);
      expect(same).toMatchObject({ status: 200, body: { ...assistant, version: 0, created_at: null } });
    }
    expect(await events.headPosition()).toBe(before);
    expect(await events.readStream(agentStreamId(assistant.agent_id))).toEqual([]);

    const edited = await api('PATCH', `/agents/${assistant.agent_id}`, { system_prompt: 'Answer in French.', slug: 'assistant' });
    expect(edited.body).toMatchObject({ agent_id: assistant.agent_id, slug: 'assistant', system_prompt: 'Answer in French.', version: 2 });
    expect(edited.body.created_at).toEqual(expect.any(String));
    expect((await api('GET', '/agents')).body[0]).toEqual(edited.body);
    expect((await api('DELETE', `/agents/${assistant.agent_id}`)).status).toBe(409);
  });

  it('documents the agents routes with their request and response shapes', async () => {
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    expect(Object.keys(spec.paths['/agents']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/agents/{agent_id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(spec.paths['/agents'].post.requestBody.content['application/json'].schema.$ref).toMatch(/CreateAgentRequest$/);
    expect(spec.paths['/agents/{agent_id}'].patch.requestBody.content['application/json'].schema.$ref).toMatch(/UpdateAgentRequest$/);
    expect(spec.components.schemas.CreateAgentRequest.required).toEqual(expect.arrayContaining(['slug', 'name']));
    expect(Object.keys(spec.components.schemas.AgentResponse.properties)).toEqual(
      expect.arrayContaining(['agent_id', 'slug', 'mode', 'model', 'system_prompt', 'tools', 'triggers', 'metadata', 'version']),
    );
    expect(spec.paths['/agents'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['limit', 'after']));
  });

  it('creates threads on an agent (the default one when none is named) and forks inherit it', async () => {
    const agent = await create({ slug: 'threads', name: 'Threads' });
    const [assistant] = (await api('GET', '/agents')).body;
    const firstEvent = async (threadId: string) => (await api('GET', `/threads/${threadId}/events`)).body[0];

    const plain = await api('POST', '/commands/create-thread', { thread_id: 'on-default' });
    expect(plain.body).toEqual({ thread_id: 'on-default', event_id: expect.any(String) });
    expect((await firstEvent('on-default')).data.agentId).toBe(assistant.agent_id);

    const own = await api('POST', '/commands/create-thread', { thread_id: 'on-agent', agent_id: agent.agent_id });
    expect(own.body).toEqual({ thread_id: 'on-agent', event_id: expect.any(String) });
    expect((await firstEvent('on-agent')).data.agentId).toBe(agent.agent_id);

    const fork = await api('POST', '/commands/fork-thread', { source_thread_id: 'on-agent', event_number: 0 });
    const forkEvents = (await api('GET', `/threads/${fork.body.new_thread_id}/events`)).body;
    const forked = forkEvents.find((e: any) => e.type === 'ThreadForked');
    expect(forked).toMatchObject({ type: 'ThreadForked', data: { agentId: agent.agent_id } });

    const before = await events.headPosition();
    const bobs = (await asBob('GET', '/agents')).body[0];
    for (const agentId of ['no-such-agent', bobs.agent_id, 'bad id!']) {
      const refused = await api('POST', '/commands/create-thread', { thread_id: 'refused', agent_id: agentId });
      expect({ status: refused.status, detail: refused.body.detail }).toEqual({ status: 400, detail: expect.stringMatching(/^agent_id/) });
    }
    expect(await events.headPosition()).toBe(before);
  });
});
