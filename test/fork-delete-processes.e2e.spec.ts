import { rmSync } from 'fs';
import { join } from 'path';
import { threadStreamId } from '@forkline/domain';
import { SqliteEventStore } from '@forkline/event-store';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { call, eventually, JsonResponse, newDataDir } from './support/test-app';

/** One face's fork and delete of a source, and how each tells of its success. */
interface Race {
  name: string;
  /** A new source, made on `forker`, as `deleter`'s read models know it (its delete checks ownership there). */
  source: (forker: string, deleter: string) => Promise<string>;
  fork: (base: string, source: string) => Promise<JsonResponse>;
  forkId: (fork: JsonResponse) => string;
  del: (base: string, source: string) => Promise<JsonResponse>;
  deleted: number;
}

const ready = (base: string, path: string, key?: string) =>
  eventually(
    () => call(base, 'GET', path, undefined, { key }),
    (r) => r.status === 200,
  );
const nativeFork = (base: string, source: string) =>
  call(base, 'POST', '/commands/fork-thread', { source_thread_id: source, event_number: 0 });
const newThread = async (forker: string, deleter: string) => {
  const source = (await call(forker, 'POST', '/commands/create-thread', {})).body.thread_id;
  await ready(deleter, `/threads/${source}/head`);
  return source;
};
const newLangGraphThread = async (forker: string, deleter: string) => {
  const source = (await call(forker, 'POST', '/langgraph/threads', { metadata: { race: true } })).body.thread_id;
  await ready(deleter, `/langgraph/threads/${source}`);
  return source;
};
const deleteLangGraphThread = (base: string, source: string) => call(base, 'DELETE', `/langgraph/threads/${source}`);

/**
 * Two built server processes (`npm test` builds them first) on one DATA_DIR: a fork and a delete of one source,
 * sent at once to different processes, never both succeed, a fork that won still reads its history, and a fork that
 * lost leaves no thread behind. Each face's delete against the forks that can race it.
 */
describe('a fork and a delete of one source racing on two API processes', () => {
  const ROUNDS = 20;
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];
  let events: SqliteEventStore;
  let appKey: string;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) servers.push(await spawnServer({ DATA_DIR: dataDir }));
    events = new SqliteEventStore(join(dataDir, 'events.db'));
    const agent = (await call(servers[0].baseUrl, 'POST', '/agents', { slug: 'race-bot', name: 'Race' })).body.agent_id;
    appKey = (await call(servers[0].baseUrl, 'POST', `/agents/${agent}/api-keys`)).body.key;
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
  /** Whether the source is alive in the log (a deleted one's stream may be removed already). */
  const sourceAlive = async (source: string) => {
    const [last] = await events.readStream(threadStreamId(source), { direction: 'backwards', limit: 1 });
    return last !== undefined && last.type !== 'ThreadDeleted';
  };

  const races: Race[] = [
    {
      name: 'a native fork and DELETE /api/workflows/{id}',
      source: newThread,
      fork: nativeFork,
      forkId: (fork) => fork.body.new_thread_id,
      del: (base, source) => call(base, 'DELETE', `/api/workflows/${source}`),
      deleted: 200,
    },
    {
      name: 'a native fork and DELETE /langgraph/threads/{id}',
      source: newLangGraphThread,
      fork: nativeFork,
      forkId: (fork) => fork.body.new_thread_id,
      del: deleteLangGraphThread,
      deleted: 204,
    },
    {
      name: 'POST /langgraph/threads/{id}/copy and DELETE /langgraph/threads/{id}',
      source: newLangGraphThread,
      fork: (base, source) => call(base, 'POST', `/langgraph/threads/${source}/copy`),
      forkId: (fork) => fork.body.thread_id,
      del: deleteLangGraphThread,
      deleted: 204,
    },
  ];

  for (const race of races)
    it(`${race.name}: never both succeed in ${ROUNDS} rounds, and no orphan fork`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const [forker, deleter] = (round % 2 ? [servers[1], servers[0]] : [servers[0], servers[1]]).map((s) => s.baseUrl);
        const source = await race.source(forker, deleter);
        const [fork, del] = await Promise.all([race.fork(forker, source), race.del(deleter, source)]);
        expect([fork.status, del.status].every((s) => s < 500)).toBe(true);
        expect(fork.status === 200 && del.status === race.deleted).toBe(false);
        if (fork.status === 200) {
          expect(del.status).toBe(409);
          expect(await liveForksOf(source)).toEqual([race.forkId(fork)]);
          expect(await sourceAlive(source)).toBe(true);
          expect((await call(forker, 'GET', `/threads/${race.forkId(fork)}/messages`)).status).toBe(200);
        } else {
          expect(fork.status).toBe(404);
          expect(await liveForksOf(source)).toEqual([]);
        }
      }
    }, 60_000);

  /**
   * Dify's delete takes the conversation's forks with it (those its read models list), so a fork that ends before the
   * delete lists them is deleted with it (both answer success); what never happens is a fork outliving its conversation.
   */
  it(`a native fork and Dify's DELETE /v1/conversations/{id}: no fork outlives its conversation in ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [forker, deleter] = (round % 2 ? [servers[1], servers[0]] : [servers[0], servers[1]]).map((s) => s.baseUrl);
      const user = `racer-${round}`;
      const chat = await call(
        forker,
        'POST',
        '/v1/chat-messages',
        { inputs: {}, query: 'Hi', user, response_mode: 'blocking' },
        { key: appKey },
      );
      const source = chat.body.conversation_id;
      await ready(deleter, `/v1/messages?user=${user}&conversation_id=${source}`, appKey);
      const [fork, del] = await Promise.all([
        nativeFork(forker, source),
        call(deleter, 'DELETE', `/v1/conversations/${source}`, { user }, { key: appKey }),
      ]);
      expect([fork.status, del.status].every((s) => s < 500)).toBe(true);
      const live = await liveForksOf(source);
      if (del.status === 204) {
        expect(await sourceAlive(source)).toBe(false);
        expect(live).toEqual([]);
      } else {
        expect([fork.status, del.status, del.body]).toEqual([200, 409, expect.objectContaining({ code: 'conflict', status: 409 })]);
        expect(live).toEqual([fork.body.new_thread_id]);
        expect((await call(forker, 'GET', `/threads/${fork.body.new_thread_id}/messages`)).status).toBe(200);
      }
    }
  }, 60_000);
});
