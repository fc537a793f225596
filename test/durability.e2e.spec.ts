import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { projectable, READ_MODEL_PROJECTORS, READ_MODEL_TABLES, rebuildReadModels, SqliteReadStore } from '@forkline/read-models';
import { loadConfig, openBackends } from '@forkline/platform';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { call, eventually, newDataDir } from './support/test-app';

/** Runs the built server as a real process: `npm test` builds it first. */
describe('durability across kill -9 on the same DATA_DIR', () => {
  const dataDir = newDataDir();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server) await stopServer(server, 'SIGKILL');
  });

  it('answers a message pending at the kill exactly once, loses nothing, and its read models equal a rebuild', async () => {
    // A short run lease: the restarted process (a new worker) takes the killed one's run over once it expires.
    server = await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '300', RUN_LEASE_MS: '2000' });
    const api = (method: string, path: string, body?: unknown) => call(server!.baseUrl, method, path, body);
    await api('POST', '/commands/create-thread', { thread_id: 'durable' });
    const sent = await api('POST', '/commands/send-message', { thread_id: 'durable', content: 'survive the crash' });
    expect(sent.status).toBe(200);
    await eventually(
      () => api('GET', '/threads/durable/head'),
      (r) => r.body.event_number >= 2,
    ); // RunStarted, reply streaming
    await stopServer(server, 'SIGKILL');

    server = await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '0', RUN_LEASE_MS: '2000' });
    const replied = await eventually(
      () => api('GET', '/threads/durable/messages'),
      (r) => r.body.length >= 2,
    );
    expect(replied.body.map((m: any) => [m.role, m.content.includes('survive the crash')])).toEqual([
      ['user', true],
      ['assistant', true],
    ]);
    expect(replied.body[0].message_id).toBe(sent.body.event_id);

    await api('POST', '/commands/send-message', { thread_id: 'durable', content: 'after restart' });
    await eventually(
      () => api('GET', '/threads/durable/messages'),
      (r) => r.body.length >= 4,
    );
    await new Promise((r) => setTimeout(r, 300)); // a duplicate reply, if any, would land now
    await stopServer(server, 'SIGTERM');
    server = undefined;

    // The same stores the server used: the embedded files, or the servers named by EVENTSTORE_URL / MONGODB_URL.
    const { eventStore: events, readStore: live } = await openBackends(loadConfig({ ...process.env, DATA_DIR: dataDir }));
    try {
      const stream = await events.readStream('thread-durable');
      const count = (type: string) => stream.filter((e) => e.type === type).length;
      expect([count('UserMessageAdded'), count('RunStarted'), count('AssistantMessageAdded'), count('RunCompleted')]).toEqual([2, 2, 2, 2]);

      const rebuilt = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'fl-rebuild-')), 'read-models.db'));
      await rebuildReadModels(events, rebuilt, READ_MODEL_PROJECTORS);
      const twice = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'fl-twice-')), 'read-models.db'));
      const all = await events.readAll();
      for (const pass of [1, 2]) {
        for (const projector of READ_MODEL_PROJECTORS) {
          const changes = projectable(all).flatMap((e) => projector.project(e));
          await twice.commit([{ subscriber: `${projector.name}-pass-${pass}`, position: all[all.length - 1].position, changes }]);
        }
      }
      for (const table of Object.keys(READ_MODEL_TABLES).filter((t) => t !== 'agent_inbox' && t !== 'pending_deletions')) {
        const liveRows = await live.dump(table);
        expect({ table, rows: await rebuilt.dump(table) }).toEqual({ table, rows: liveRows });
        expect({ table, rows: await twice.dump(table) }).toEqual({ table, rows: liveRows });
      }
      expect(await live.agentInbox()).toEqual([]);
      await Promise.all([rebuilt.close(), twice.close()]);
    } finally {
      await Promise.all([events.close(), live.close()]);
    }
  });
});
