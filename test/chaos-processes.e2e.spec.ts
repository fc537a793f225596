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

/** A send that was not acknowledged: its status and answer, or the network error. */
interface Refused {
  content: string;
  status?: number;
  body?: unknown;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The rebuild compares whole stores: on EventStoreDB + MongoDB (`npm run test:servers`) they are shared with the other suites. */
const SERVERS = Boolean(process.env.EVENTSTORE_URL || process.env.MONGODB_URL);
const SLOW = 'a slow question that outlives the worker which took it, streamed one word at a time';

/**
 * Chaos on one DATA_DIR (`npm test` builds the processes first): 2 API processes, 3 workers and 1 projector, 32 clients
 * sending to 64 threads for 30 s while a worker and the projector are killed with SIGKILL and started again. Every
 * acknowledged message is answered exactly once, in order, with its own echo; no send is refused or lost; one model call
 * per attempt at most; the killed worker's run is taken over; the read models equal a rebuild (on SQLite only: on servers
 * the stores are shared with the other suites, so that check is skipped, and says so).
 */
describe('chaos: killed workers and projector under load', () => {
  const dataDir = newDataDir();
  const processes: ServerProcess[] = [];
  let fake: FakeOpenAi;
  let env: Record<string, string>;
  const calls = (question: string) => fake.requests.filter((r) => lastText(r.body.messages ?? []) === question).length;

  beforeAll(async () => {
    // The one slow question streams a token every 250 ms (4 s in all): a run certain to be under way when its worker is killed.
    fake = await startFakeOpenAi((messages) => `echo ${lastText(messages)}`, {
      tokenDelayMs: (messages) => (lastText(messages) === SLOW ? 250 : 5),
    });
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

  it('answers every acknowledged message exactly once, in order, one model call per attempt, takes a killed run over', async () => {
    const [api1, api2, projector] = processes;
    const apis = [api1, api2];
    const workers = processes.slice(3, 6);
    const threads = Array.from({ length: THREADS }, (_, i) => `chaos-${i}`);
    for (const [i, threadId] of threads.entries()) {
      const created = await call(apis[i % 2].baseUrl, 'POST', '/commands/create-thread', { thread_id: threadId });
      expect(created.status).toBe(200);
    }

    const sent: Sent[] = [];
    const refused: Refused[] = [];
    /** Every send is accounted for: acknowledged (checked below) or refused, with its status or network error. */
    const send = async (threadId: string, content: string, api: number) => {
      try {
        const answer = await call(apis[api].baseUrl, 'POST', '/commands/send-message', { thread_id: threadId, content });
        if (answer.status === 200) sent.push({ threadId, messageId: answer.body.event_id, content });
        else refused.push({ content, status: answer.status, body: answer.body });
        return answer;
      } catch (error) {
        refused.push({ content, error: String(error) });
      }
    };
    const deadline = Date.now() + LOAD_MS;
    const client = async (c: number) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const threadId = threads[(c + n * CLIENTS) % THREADS];
        await send(threadId, `client ${c} message ${n} to ${threadId}`, n % 2);
        await sleep(SEND_GAP_MS);
      }
    };
    const chaos = async () => {
      await sleep(8_000);
      // The worker killed is the one holding the slow question's run, mid-answer: a takeover is certain, not left to timing.
      const asked = await send(threads[0], SLOW, 0);
      const log = await eventually(
        async () => (await call(api1.baseUrl, 'GET', `/threads/${threads[0]}/events?limit=1000`)).body as any[],
        (events) => events.some((e) => e.type === 'RunStarted' && e.data.replyTo === asked?.body.event_id),
      );
      const holder = log.find((e) => e.type === 'RunStarted' && e.data.replyTo === asked?.body.event_id).data.workerId;
      const victim = workers.find((w) => w.output().includes(`worker ${holder} `));
      if (!victim) throw new Error(`no worker logged its id ${holder}`);
      await eventually(
        async () => calls(SLOW),
        (n) => n === 1,
      ); // the model is streaming its answer
      await stopServer(victim, 'SIGKILL');
      await sleep(4_000);
      processes.push(await spawnWorker(env));
      await stopServer(projector, 'SIGKILL');
      await sleep(4_000);
      processes.push(await spawnWorker({ ...env, ROLES: 'projections' }));
    };
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), chaos()]);

    // No API process is killed and the rate limit is far off (TEST_AUTH_ENV): no send may be refused, 4xx, 5xx or network error.
    expect(refused).toEqual([]);
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
        const made = calls(question.content);
        expect({ question: question.content, tooMany: made > attempts.length || made === 0 }).toEqual({
          question: question.content,
          tooMany: false,
        });
      }
    }

    // The killed worker's run was taken over: attempt 2, by another worker, one model call each.
    const slowLog = (await call(api1.baseUrl, 'GET', `/threads/${threads[0]}/events?limit=1000`)).body as any[];
    const slowId = sent.find((s) => s.content === SLOW)!.messageId;
    const claims = slowLog.filter((e) => ['RunStarted', 'RunResumed'].includes(e.type) && e.data.replyTo === slowId).map((e) => e.data);
    expect(claims.slice(0, 2).map((c) => c.attempt)).toEqual([1, 2]);
    expect(claims[1].workerId).not.toBe(claims[0].workerId);
    expect(calls(SLOW)).toBeGreaterThanOrEqual(2);
  }, 300_000);

  if (SERVERS) process.stderr.write('SKIPPED chaos: read models equal a rebuild (EVENTSTORE_URL/MONGODB_URL: shared stores)\n');
  // After the load above: the read models the (restarted) projector wrote equal a rebuild of the log.
  (SERVERS ? it.skip : it)(
    `read models equal a rebuild of the log${SERVERS ? ' (SKIPPED: not on SQLite)' : ''}`,
    async () => {
      const log = new SqliteEventStore(join(dataDir, 'events.db'));
      const served = new SqliteReadStore(currentReadStoreFile(dataDir));
      try {
        const { served: got, rebuilt } = await servedAndRebuilt(log, served, 30_000);
        expect(got).toEqual(rebuilt);
      } finally {
        await Promise.all([log.close(), served.close()]);
      }
    },
    60_000,
  );
});
