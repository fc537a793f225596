import { readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { join } from 'path';
import { passportHeaders, webPassport } from './support/dify-web-passport';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { call, eventually, newDataDir } from './support/test-app';

/** Passports across API processes on one DATA_DIR (the built server; `npm test` builds it first). */
describe('Dify web API passports across processes', () => {
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("two processes starting together on a fresh DATA_DIR make one secret, 0600, and take each other's passports", async () => {
    servers.push(...(await Promise.all([spawnServer({ DATA_DIR: dataDir }), spawnServer({ DATA_DIR: dataDir })])));
    const [a, b] = servers;
    const file = join(dataDir, 'passport-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('passport-secret'))).toEqual(['passport-secret']);
    const code = (await call(a.baseUrl, 'POST', '/agents', { slug: 'shared', name: 'Shared' })).body.site_code;
    // The other process finds the code once its projections show the agent.
    const passport = await eventually(
      () => webPassport(b.baseUrl, code).catch(() => null),
      (token) => token !== null,
    );
    const answer = await call(a.baseUrl, 'GET', '/api/saved-messages', undefined, { key: null, headers: passportHeaders(code, passport!) });
    expect([answer.status, answer.body.code]).toEqual([400, 'not_completion_app']);
  });
});
