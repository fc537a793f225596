import { FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

describe('a run answers with its thread agent: model, system prompt, recorded version', () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const replies = (threadId: string, count: number) =>
    eventually(
      () => api('GET', `/threads/${threadId}/messages`),
      (r) => r.body.filter((m: any) => m.role === 'assistant').length >= count,
    );
  const runsStarted = async (threadId: string) =>
    (await api('GET', `/threads/${threadId}/events`)).body.filter((e: any) => e.type === 'RunStarted').map((e: any) => e.data);

  beforeAll(async () => {
    fake = await startFakeOpenAi((messages) => `Aye: ${messages[messages.length - 1].content}`);
    // The server's own MODEL stays offline: only the agent names the provider.
    t = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-agent-key' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('sends the system prompt first to the model the agent names; a later change affects later runs only', async () => {
    const agent = (
      await api('POST', '/agents', { slug: 'pirate', name: 'Pirate', model: 'openai:pirate-model', system_prompt: 'Talk like a pirate.' })
    ).body;
    await api('POST', '/commands/create-thread', { thread_id: 'ship', agent_id: agent.agent_id });
    await api('POST', '/commands/send-message', { thread_id: 'ship', content: 'Hello' });
    expect((await replies('ship', 1)).body[1].content).toBe('Aye: Hello');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].body.model).toBe('pirate-model');
    expect(fake.requests[0].body.messages).toEqual([
      { role: 'system', content: 'Talk like a pirate.' },
      { role: 'user', content: 'Hello' },
    ]);
    expect(await runsStarted('ship')).toEqual([expect.objectContaining({ agentId: agent.agent_id, agentVersion: 1, mode: 'chat' })]);

    const changed = await api('PATCH', `/agents/${agent.agent_id}`, { system_prompt: 'Talk like a parrot.' });
    expect(changed.body.version).toBe(2);
    await api('POST', '/commands/send-message', { thread_id: 'ship', content: 'Again' });
    await replies('ship', 2);
    expect(fake.requests[1].body.messages[0]).toEqual({ role: 'system', content: 'Talk like a parrot.' });
    expect((await runsStarted('ship')).map((r: any) => r.agentVersion)).toEqual([1, 2]);
  });

  it("leaves threads on the default agent with the server's model (offline here), and a message's mode still wins", async () => {
    const before = fake.requests.length;
    await api('POST', '/commands/create-thread', { thread_id: 'plain' });
    await api('POST', '/commands/send-message', { thread_id: 'plain', content: 'Hi' });
    expect((await replies('plain', 1)).body[1].content).toMatch(/offline/i);
    expect(fake.requests).toHaveLength(before);
    const [run] = await runsStarted('plain');
    expect(run).toMatchObject({ agentVersion: 0, mode: 'chat' });

    const planner = (await api('POST', '/agents', { slug: 'planner', name: 'Planner', mode: 'actionplan' })).body;
    await api('POST', '/commands/create-thread', { thread_id: 'planned', agent_id: planner.agent_id });
    // The playground's workflowMode names the message's mode: it wins over the agent's.
    const started = await api('POST', '/api/chat/playground/start?workflowId=planned&workflowMode=React', { input: 'Look it up' });
    expect(started.status).toBe(200);
    await replies('planned', 1);
    await api('POST', '/commands/send-message', { thread_id: 'planned', content: 'Plan a trip' });
    await replies('planned', 2);
    expect((await runsStarted('planned')).map((r: any) => [r.agentId, r.mode])).toEqual([
      [planner.agent_id, 'react'],
      [planner.agent_id, 'actionplan'],
    ]);
  });
});
