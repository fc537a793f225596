import { rmSync } from 'fs';
import { runCli } from './support/cli-process';
import { call, eventually, newDataDir, startTestApp } from './support/test-app';

/** `forkline agents keys create|list|revoke`, run as a process on the stores a server wrote (and serves the keys from). */
describe('forkline agents keys', () => {
  const dataDir = newDataDir();
  const cli = (...args: string[]) => runCli(args, { DATA_DIR: dataDir });
  let helperId: string;
  const info = async (key: string) => {
    const t = await startTestApp({}, dataDir);
    try {
      // The server's projections catch up with what the CLI wrote while it was down.
      return await eventually(
        () => call(t.baseUrl, 'GET', '/v1/info', undefined, { key }),
        (r) => r.status === 200,
      );
    } finally {
      await t.close();
    }
  };

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    helperId = (await call(t.baseUrl, 'POST', '/agents', { slug: 'helper', name: 'Helper' })).body.agent_id;
    await t.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a key the server accepts on /v1, lists it masked, and revokes it', async () => {
    const created = await cli('agents', 'keys', 'create', helperId);
    expect([created.code, created.stderr]).toEqual([0, '']);
    const [keyId, key] = created.stdout.trim().split('  ');
    expect(key).toMatch(/^app-[A-Za-z0-9_-]{32}$/);
    const listed = await cli('agents', 'keys', 'list', 'helper', '--owner', 'alice');
    expect(listed.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${keyId}  app-\\.\\.\\.${key.slice(-4)}  \\d{4}-`)),
    ]);
    expect(listed.stdout).not.toContain(key);
    expect(await info(key)).toMatchObject({ status: 200, body: { name: 'Helper', author_name: 'alice' } });

    expect(await cli('agents', 'keys', 'revoke', helperId, keyId)).toMatchObject({ code: 0, stdout: `revoked ${keyId}\n` });
    expect((await cli('agents', 'keys', 'list', helperId)).stdout).toBe('');
    const again = await cli('agents', 'keys', 'revoke', helperId, keyId);
    expect([again.code, again.stderr]).toEqual([2, `forkline: app key '${keyId}' not found\n`]);
    const t = await startTestApp({}, dataDir);
    try {
      const refused = await eventually(
        () => call(t.baseUrl, 'GET', '/v1/info', undefined, { key }),
        (r) => r.status === 401,
      );
      expect(refused.body).toEqual({ code: 'unauthorized', message: 'Access token is invalid', status: 401 });
    } finally {
      await t.close();
    }
  });

  it("makes keys for a user's default agent by slug, and refuses what is not there", async () => {
    const created = await cli('agents', 'keys', 'create', 'assistant', '--owner', 'bob');
    expect(created.code).toBe(0);
    expect(await info(created.stdout.trim().split('  ')[1])).toMatchObject({
      status: 200,
      body: { name: 'Assistant', author_name: 'bob' },
    });
    for (const args of [
      ['create', 'no-such-agent'],
      ['create', 'helper', '--owner', 'bob'],
      ['list'],
      ['rotate', helperId],
      ['revoke', helperId],
    ]) {
      const refused = await cli('agents', 'keys', ...args);
      expect({ args, code: refused.code }).toEqual({ args, code: 2 });
    }
  });
});
