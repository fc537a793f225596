import { rmSync } from 'fs';
import { join } from 'path';
import { SqliteEventStore } from '@forkline/event-store';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { call, eventually, newDataDir } from './support/test-app';

/**
 * Two built server processes (`npm test` builds them first) on one DATA_DIR: a fork and a delete of one source,
 * sent at once to different processes, never both succeed, and a fork that lost leaves no thread behind.
 */
describe('a fork and a delete of one source racing on two API processes', () => {
  const ROUNDS = 20;
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];
  let events: SqliteEventStore;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) servers.push(await spawnServer({ DATA_DIR: dataDir }));
    events = new SqliteEventStore(join(dataDir, 'events.db'));
  });
  afterAll(async () => {
    await events?.close();
    for (const server of servers) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The threads forked from `source` that are still alive in the log (not deleted, streams not removed). */
  const liveForksOf = async (source: string) => {
    const forks = (await events.readAll()).filter((e) => e.type === 'ThreadForked' && (e.data as any).sourceThreadId === source);
    const alive = [];
    for (const fork of forks) {
      const [last] = await events.readStream(fork.streamId, { direction: 'backwards', limit: 1 });
      if (last && last.type !== 'ThreadDeleted') alive.push((fork.data as any).threadId);
    }
    return alive;
  };

  it(`never lets both succeed in ${ROUNDS} rounds, and leaves no orphan fork`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [forker, deleter] = round % 2 ? [servers[1], servers[0]] : [servers[0], servers[1]];
      const source = (await call(forker.baseUrl, 'POST', '/commands/create-thread', {})).body.thread_id;
      // The deleting process's read models list the source before the race (its delete checks ownership there).
      await eventually(
        () => call(deleter.baseUrl, 'GET', `/threads/${source}/head`),
        (r) => r.status === 200,
      );
      const [fork, del] = await Promise.all([
        call(forker.baseUrl, 'POST', '/commands/fork-thread', { source_thread_id: source, event_number: 0 }),
        call(deleter.baseUrl, 'DELETE', `/api/workflows/${source}`),
      ]);
      expect(fork.status === 200 && del.status === 200).toBe(false);
      expect([fork.status, del.status].every((s) => s < 500)).toBe(true);
      if (fork.status === 200) {
        outcomes.push('fork');
        expect(del.status).toBe(409);
        expect(await liveForksOf(source)).toEqual([fork.body.new_thread_id]);
        expect((await call(deleter.baseUrl, 'GET', `/threads/${source}/head`)).status).toBe(200);
      } else {
        outcomes.push(del.status === 200 ? 'delete' : `neither ${fork.status}/${del.status}`);
        expect(await liveForksOf(source)).toEqual([]);
      }
    }
    // Both kinds of outcome are fine; what is counted is that no round let both through.
    expect(outcomes).toHaveLength(ROUNDS);
  });
});
