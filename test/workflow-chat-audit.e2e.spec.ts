import { rmSync } from 'fs';
import { conversationThreadId } from '../apps/api/src/workflow-chat/conversation-thread';
import { runCli } from './support/cli-process';
import { call, eventually, newDataDir, startTestApp } from './support/test-app';

/** A cleared workflow chat stays in the audit trail: `forkline audit` (the built CLI, as its own process) shows who cleared it. */
describe('forkline audit of a cleared workflow chat', () => {
  const dataDir = newDataDir();
  let threadId: string;

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
    threadId = conversationThreadId('alice', (await api('GET', '/api/v1/workflows/assistant/')).body.id);
    await api('POST', '/api/v1/workflows/assistant/chat/', { text: 'remember the audit' });
    await eventually(
      () => api('GET', '/api/v1/workflows/assistant/chat/history'),
      (r) => r.body.messages.length === 2,
    );
    expect((await api('DELETE', '/api/v1/workflows/assistant/chat/history')).status).toBe(204);
    await t.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the messages before the clear and the clear itself, with its actor and time', async () => {
    const { code, stdout } = await runCli(['audit', threadId], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.some((l) => l.includes('alice said "remember the audit"'))).toBe(true);
    const clear = lines.find((l) => l.includes('cleared the history'));
    expect(clear).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    expect(clear).toContain('alice cleared the history');
  });
});
