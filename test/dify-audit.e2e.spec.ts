import { rmSync } from 'fs';
import { runCli } from './support/cli-process';
import { ALICE_KEY, call, newDataDir, startTestApp } from './support/test-app';

const VARIABLE = '00000000-0000-4000-8000-0000000000a1';

/** Feedbacks and variable updates through /v1 are in the audit trail: `forkline audit` (the built CLI) shows who, what and when. */
describe('forkline audit of a Dify conversation', () => {
  const dataDir = newDataDir();
  let conversation: string;
  let messageId: string;

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    const api = (method: string, path: string, body?: unknown, key = ALICE_KEY) => call(t.baseUrl, method, path, body, { key });
    const variables = [{ id: VARIABLE, name: 'mood', value_type: 'string', value: 'calm' }];
    const agentId = (await api('POST', '/agents', { slug: 'audited', name: 'Audited', conversation_variables: variables })).body.agent_id;
    const key = (await api('POST', `/agents/${agentId}/api-keys`)).body.key;
    const sent = await api('POST', '/v1/chat-messages', { inputs: {}, query: 'Audit me', user: 'auditee' }, key);
    ({ conversation_id: conversation, message_id: messageId } = sent.body);
    const feedback = { rating: 'dislike', content: 'Too terse', user: 'auditee' };
    expect((await api('POST', `/v1/messages/${messageId}/feedbacks`, feedback, key)).status).toBe(200);
    const put = await api('PUT', `/v1/conversations/${conversation}/variables/${VARIABLE}`, { value: 'curious', user: 'auditee' }, key);
    expect(put.status).toBe(200);
    await t.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the rating and the variable update with the end user, the message and the time', async () => {
    const { code, stdout } = await runCli(['audit', conversation], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const rated = lines.find((l) => l.includes(`rated message ${messageId}`));
    expect(rated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z .*end user [0-9a-f-]{36} rated message .* 'dislike' "Too terse"$/);
    expect(lines.some((l) => /end user [0-9a-f-]{36} set variable mood \(.*\) to "curious"$/.test(l))).toBe(true);
  });
});
