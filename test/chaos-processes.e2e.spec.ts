import { join } from 'path';
import { rmSync } from 'fs';
import { SqliteEventStore } from '@forkline/event-store';
import { currentReadStoreFile, SqliteReadStore } from '@forkline/read-models';
import { servedAndRebuilt } from './support/rebuild-check';
import { ChatRequestMessage, FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { spawnServer, spawnWorker, stopServer, ServerProcess } from './support/server-process';
import { call, eventually, newDataDir } from './support/test-app';

const lastText = (messages: ChatRequestMessage[]) => String(messages[messages.length - 1].content);
const CLIENTS = 32;
const THREADS = 64;
const LOAD_MS = 30_000;
const SEND_GAP_MS = 700;

interface Sent {
  threadId: string;
  messageId: string;
  content: string;
}

/**
 * Chaos on one DATA_DIR (`npm test` builds the processes first): 2 API processes, 3 workers and 1 projector, 32 clients
 * sending to 64 threads for 30 s while a worker and the projector are killed with SIGKILL and started again. Every
 * acknowledged message is answered exactly once, in order, with its own echo; one model call per attempt at most; no 5xx;
 * the read models equal a rebuild.
 */
describe('chaos: killed workers and projector under load', () => {
  const dataDir = newDataDir();
  const processes: ServerProcess[] = [];
  let fake: FakeOpenAi;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeOpenAi((messages) => `echo ${lastText(messages)}`, { tokenDelayMs: () => 5 });
    env = { DATA_DIR: dataDir, MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test', RUN_LEASE_MS: '2000' };
    for (let i = 0; i < 2; i++) processes.push(await spawnServer({ ...env, ROLES: 'api' }));
    processes.push(await spawnWorker({ ...env, ROLES: 'projections' }));
    for (let i = 0; i < 3; i++) processes.push(await spawnWorker(env));
  }, 90_000);

  afterAll(async () => {
    for (const p of processes) await stopServer(p, 'SIGKILL');
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every acknowledged message exactly once, in order, one model call per attempt, read models as a rebuild', async () => {
    const [api1, api2, projector, worker] = processes;
    const apis = [api1, api2];
    const statuses: number[] = [];
    const threads = Array.from({ length: THREADS }, (_, i) => `chaos-${i}`);
    for (const [i, threadId] of threads.entries()) {
      const created = await call(apis[i % 2].baseUrl, 'POST', '/commands/create-thread', { thread_id: threadId });
      expect(created.status).toBe(200);
    }

    const sent: Sent[] = [];
    const deadline = Date.now() + LOAD_MS;
    const client = async (c: number) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const threadId = threads[(c + n * CLIENTS) % THREADS];
        const content = `client ${c} message ${n} to ${threadId}`;
        const answer = await call(apis[n % 2].baseUrl, 'POST', '/commands/send-message', { thread_id: threadId, content }).catch(
          () => null,
        );
        if (answer) statuses.push(answer.status);
        if (answer?.status === 200) sent.push({ threadId, messageId: answer.body.event_id, content });
        await new Promise((r) => setTimeout(r, SEND_GAP_MS));
      }
    };
    const chaos = async () => {
      await new Promise((r) => setTimeout(r, 8_000));
      await stopServer(worker, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 4_000));
      processes.push(await spawnWorker(env));
      await stopServer(projector, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 4_000));
      processes.push(await spawnWorker({ ...env, ROLES: 'projections' }));
    };
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), chaos()]);

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(sent.length).toBeGreaterThan(CLIENTS * 10);
    const byThread = new Map(threads.map((t) => [t, sent.filter((s) => s.threadId === t)]));
    for (const [threadId, mine] of byThread) {
      const events = await eventually(
        async () => (await call(api1.baseUrl, 'GET', `/threads/${threadId}/events?limit=1000`)).body as any[],
        (log) => log.filter((e) => e.type === 'AssistantMessageAdded').length >= mine.length,
        120_000,
      );
      const asked = events.filter((e) => e.type === 'UserMessageAdded').map((e) => e.data);
      const answers = events.filter((e) => e.type === 'AssistantMessageAdded').map((e) => e.data);
      // Every acknowledged message is in the thread, and answered once, in order, each with its own echo.
      expect(mine.map((m) => m.messageId).filter((id) => !asked.some((a) => a.messageId === id))).toEqual([]);
      expect(answers.map((a) => a.replyTo)).toEqual(asked.map((a) => a.messageId));
      expect(answers.map((a) => a.content)).toEqual(asked.map((a) => `echo ${a.content}`));
      for (const question of asked) {
        const attempts = events.filter(
          (e) => (e.type === 'RunStarted' || e.type === 'RunResumed') && e.data.replyTo === question.messageId,
        );
        const calls = fake.requests.filter((r) => lastText(r.body.messages ?? []) === question.content).length;
        expect({ question: question.content, tooMany: calls > attempts.length || calls === 0 }).toEqual({
          question: question.content,
          tooMany: false,
        });
      }
    }

    // The read models the (restarted) projector wrote equal a rebuild of the log.
    const log = new SqliteEventStore(join(dataDir, 'events.db'));
    const served = new SqliteReadStore(currentReadStoreFile(dataDir));
    try {
      const { served: got, rebuilt } = await servedAndRebuilt(log, served, 30_000);
      expect(got).toEqual(rebuilt);
    } finally {
      await Promise.all([log.close(), served.close()]);
    }
  }, 300_000);
});
