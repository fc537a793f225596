import { rmSync } from 'fs';
import { runCli } from './support/cli-process';
import { call, newDataDir, startTestApp } from './support/test-app';

/** `forkline agents list|create|show`, run as a process on the stores a server wrote (and will read again). */
describe('forkline agents', () => {
  const dataDir = newDataDir();
  const cli = (...args: string[]) => runCli(args, { DATA_DIR: dataDir });
  let helperId: string;
  let defaultId: string;

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
    helperId = (
      await api('POST', '/agents', { slug: 'helper', name: 'Helper\u001b[2J', mode: 'react', system_prompt: 'Line one\nline two' })
    ).body.agent_id;
    defaultId = (await api('GET', '/agents')).body[0].agent_id;
    await t.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("lists a user's agents, the default one first, escaping what users wrote", async () => {
    const { code, stdout } = await cli('agents', 'list', '--owner', 'alice');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      `${defaultId}  assistant  chat  v0  Assistant`,
      `${helperId}  helper  react  v1  Helper\\u001b[2J`,
    ]);
    expect((await cli('agents', 'list', '--owner', 'bob')).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('shows an agent by id, or by slug with --owner', async () => {
    const byId = await cli('agents', 'show', helperId);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain(`agent_id: ${helperId}\nslug: helper\n`);
    expect(byId.stdout).toContain('system_prompt: Line one\\nline two\n');
    expect(byId.stdout).toMatch(/\nsite_code: [A-Za-z0-9_-]{16}\nweb_enabled: true\n/);
    expect((await cli('agents', 'show', 'helper', '--owner', 'alice')).stdout).toEqual(byId.stdout);
    expect((await cli('agents', 'show', 'assistant', '--owner', 'alice')).stdout).toContain('model: (server default)\nversion: 0\n');
    const missing = await cli('agents', 'show', 'helper', '--owner', 'bob');
    expect([missing.code, missing.stderr]).toEqual([2, "forkline: agent 'helper' not found for owner 'bob'\n"]);
  });

  it('creates an agent the server then serves, and refuses a taken or malformed slug', async () => {
    const created = await cli(
      'agents',
      'create',
      '--owner',
      'alice',
      '--slug',
      'from-cli',
      '--name',
      'From CLI',
      '--mode',
      'actionplan',
      '--model',
      'openai:gpt-cli',
      '--system-prompt',
      'Be kind.',
    );
    expect([created.code, created.stderr]).toEqual([0, '']);
    const agentId = created.stdout.trim();
    const taken = await cli('agents', 'create', '--owner', 'alice', '--slug', 'from-cli', '--name', 'Again');
    expect([taken.code, taken.stderr]).toEqual([2, expect.stringMatching(/slug: 'from-cli' is taken/)]);
    for (const bad of [
      ['--slug', 'Bad Slug', '--name', 'x'],
      ['--slug', 'ok', '--name', 'x', '--mode', 'dream'],
      ['--slug', 'ok', '--name', 'x', '--model', 'gpt'],
      ['--slug', 'assistant', '--name', 'x'],
      // The API's limits too: the CLI checks with the same rules.
      ['--slug', 'ok', '--name', 'x'.repeat(201)],
    ]) {
      const refused = await cli('agents', 'create', '--owner', 'alice', ...bad);
      expect({ bad, code: refused.code }).toEqual({ bad, code: 2 });
    }
    expect((await cli('agents', 'create', '--slug', 'x', '--name', 'x')).code).toBe(2);
    const tooLong = await cli('agents', 'create', '--owner', 'alice', '--slug', 'ok', '--name', 'x', '--system-prompt', 'x'.repeat(20_001));
    expect([tooLong.code, tooLong.stderr]).toEqual([2, expect.stringMatching(/--system-prompt: must be at most 20000 characters/)]);

    const t = await startTestApp({}, dataDir);
    try {
      const served = await call(t.baseUrl, 'GET', `/agents/${agentId}`);
      expect(served.body).toMatchObject({
        slug: 'from-cli',
        name: 'From CLI',
        mode: 'actionplan',
        model: 'openai:gpt-cli',
        system_prompt: 'Be kind.',
      });
      expect((await call(t.baseUrl, 'GET', '/agents')).body.map((a: any) => a.slug)).toEqual(['assistant', 'helper', 'from-cli']);
    } finally {
      await t.close();
    }
  });
});
