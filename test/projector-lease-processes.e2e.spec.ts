import { rmSync } from 'fs';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { call, eventually, newDataDir } from './support/test-app';

const PROJECTING = 'projecting the read models';
const STANDING_BY = 'standing by: another process projects the read models';

/**
 * Two all-in-one processes on one DATA_DIR (`npm test` builds them first): one projects the read models (it holds
 * the projector lease), the other stands by, following the log; kill -9 the projector and the other takes over
 * after the lease, and commands on it still answer once their effect is in the read models.
 */
describe('one projector at a time (projector lease)', () => {
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];
  const projecting = (s: ServerProcess) => s.output().includes(PROJECTING);

  /** A command's effect is readable straight after its answer, with no retry. */
  const readYourWrites = async (server: ServerProcess, threadId: string) => {
    expect((await call(server.baseUrl, 'POST', '/commands/create-thread', { thread_id: threadId })).status).toBe(200);
    expect(await call(server.baseUrl, 'GET', `/threads/${threadId}/messages`)).toMatchObject({ status: 200, body: [] });
    expect((await call(server.baseUrl, 'POST', '/commands/send-message', { thread_id: threadId, content: 'hi' })).status).toBe(200);
    const messages = (await call(server.baseUrl, 'GET', `/threads/${threadId}/messages`)).body;
    expect(messages.filter((m: any) => m.role === 'user').map((m: any) => m.content)).toEqual(['hi']);
  };

  beforeAll(async () => {
    const env = { DATA_DIR: dataDir, RUN_LEASE_MS: '2000', ROLES: 'api,projections,agent' };
    servers.push(await spawnServer(env));
    servers.push(await spawnServer(env));
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('projects in one process only; the other stands by and answers read-your-writes from the read store', async () => {
    const [first, second] = servers;
    await eventually(
      async () => second.output(),
      (output) => output.includes(STANDING_BY),
    );
    expect(projecting(first)).toBe(true);
    expect(projecting(second)).toBe(false);
    await readYourWrites(second, 'on-the-standby');
    await readYourWrites(first, 'on-the-projector');
    expect(projecting(second)).toBe(false); // the projector renews its lease: no takeover while it lives
  });

  it('takes over after the projector is killed: the survivor projects and its commands still answer read-your-writes', async () => {
    const [first, second] = servers;
    await stopServer(first, 'SIGKILL');
    await eventually(
      async () => projecting(second),
      (taken) => taken,
      20_000,
    );
    await readYourWrites(second, 'after-the-takeover');
    const answered = await eventually(
      () => call(second.baseUrl, 'GET', '/threads/after-the-takeover/messages'),
      (r) => r.body.some((m: any) => m.role === 'assistant'),
    );
    expect(answered.body.map((m: any) => m.role)).toEqual(['user', 'assistant']);
  }, 60_000);
});
