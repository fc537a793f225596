import { rmSync } from 'fs';
import { runCli } from './support/cli-process';
import { webSession } from './support/dify-web-passport';
import { ALICE_KEY, call, newDataDir, startTestApp, TestApp } from './support/test-app';

const endUserOf = (passport: string) => JSON.parse(Buffer.from(passport.split('.')[1], 'base64url').toString()).end_user_id;

/**
 * A conversation started in the web app is the thread tree every other face sees: the app owner's threads (root and
 * the branch a regeneration forks), the service API's conversation of the same end user, and the CLI's audit.
 */
describe('Dify web API: one thread tree with the other faces', () => {
  const dataDir = newDataDir();
  let conversation: string;
  let first: string;
  let endUser: string;
  let t: TestApp | undefined;

  beforeAll(async () => {
    const app = (t = await startTestApp({}, dataDir));
    const api = (method: string, path: string, body?: unknown, key: string = ALICE_KEY) => call(app.baseUrl, method, path, body, { key });
    const agentId = (await api('POST', '/agents', { slug: 'shared', name: 'Shared' })).body.agent_id;
    const s = await webSession(app.baseUrl, agentId);
    endUser = endUserOf(s.passport);
    const chat = (body: object) => s.api('POST', '/api/chat-messages', { inputs: {}, response_mode: 'blocking', ...body });
    const started = await chat({ query: 'Root question' });
    ({ conversation_id: conversation, message_id: first } = started.body);
    await chat({ query: 'Second', conversation_id: conversation });
    await chat({ query: 'Second again', conversation_id: conversation, parent_message_id: first });
    expect((await s.api('PATCH', `/api/conversations/${conversation}/pin`)).status).toBe(200);

    // The owner's threads face: the root thread, owned by the app's owner, with the agent, and the regeneration's branch.
    const threads = (await api('GET', '/threads')).body;
    expect((threads.items ?? threads).find((th: any) => th.thread_id === conversation)).toBeDefined();
    const branches = await api('GET', `/threads/${conversation}/branches`);
    expect(branches.body).toHaveLength(1);
    const branch = branches.body[0].thread_id;
    const contents = async (id: string) => (await api('GET', `/threads/${id}/messages`)).body.map((m: any) => m.content);
    expect((await contents(conversation)).filter((c: string) => !c.startsWith('echo') && c !== '')).toContain('Second');
    expect(await contents(branch)).toContain('Second again');
    // Time travel: the root thread as it was after its first exchange.
    const events = (await api('GET', `/threads/${conversation}/events`)).body;
    const answered = (events.items ?? events).find((e: any) => e.type === 'AssistantMessageAdded');
    const past = await api('GET', `/threads/${conversation}/state?event_number=${answered.data?.eventNumber ?? answered.event_number}`);
    expect(past.status).toBe(200);
    expect(past.body.messages.map((m: any) => m.content)).toContain('Root question');
    expect(past.body.messages.map((m: any) => m.content)).not.toContain('Second');

    // The service API: the same end user's conversation, under its external id, with an app key of the app.
    const external = (await api('GET', `/v1/end-users/${endUser}`, undefined, (await api('POST', `/agents/${agentId}/api-keys`)).body.key))
      .body.session_id;
    const key = (await api('POST', `/agents/${agentId}/api-keys`)).body.key;
    const listed = await api('GET', `/v1/conversations?user=${encodeURIComponent(external)}`, undefined, key);
    expect(listed.body.data.map((c: any) => c.id)).toEqual([conversation]);
    const messages = await api('GET', `/v1/messages?conversation_id=${conversation}&user=${encodeURIComponent(external)}`, undefined, key);
    expect(messages.body.data.map((m: any) => m.query)).toEqual(['Root question', 'Second', 'Second again']);
    await app.close();
    t = undefined;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('audits the web conversation with the CLI, the pin included', async () => {
    const { code, stdout } = await runCli(['audit', conversation], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(stdout).toContain('Root question');
    expect(stdout).toMatch(new RegExp(`end user ${endUser} pinned the conversation$`, 'm'));
  });
});
