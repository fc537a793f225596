import { rmSync } from 'fs';
import { ChatRequestMessage, FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { spawnServer, spawnWorker, stopServer, ServerProcess } from './support/server-process';
import { Frame, openStream, SseConnection } from './support/sse-client';
import { call, eventually, newDataDir } from './support/test-app';

const lastText = (messages: ChatRequestMessage[]) => String(messages[messages.length - 1].content);
const has = (event: string) => (frames: Frame[]) => frames.some((f) => f.event === event);

/**
 * Split roles on one DATA_DIR (`npm test` builds the processes first): an API process that projects but runs no
 * agent (ROLES=api,projections), and a worker (`npm run worker`, ROLES=agent) that serves no API and projects
 * nothing: it is woken by its log follower and answers every message; the API process never runs a run.
 */
describe('split roles: an API process and a worker', () => {
  const dataDir = newDataDir();
  const processes: ServerProcess[] = [];
  const streams: SseConnection[] = [];
  let fake: FakeOpenAi;
  let api: ServerProcess;
  let env: Record<string, string>;
  const calls = (question: string) => fake.requests.filter((r) => lastText(r.body.messages ?? []) === question).length;
  const workerIdOf = async (worker: ServerProcess) =>
    (await eventually(
      async () => /worker (\S+) \(run lease/.exec(worker.output()),
      (m) => m !== null,
    ))![1];
  const claimsOf = async (threadId: string) =>
    (await call(api.baseUrl, 'GET', `/threads/${threadId}/events`)).body
      .filter((e: any) => e.type === 'RunStarted' || e.type === 'RunResumed')
      .map((e: any) => e.data);
  const answers = (threadId: string, count: number) =>
    eventually(
      () => call(api.baseUrl, 'GET', `/threads/${threadId}/messages`),
      (r) => r.body.filter((m: any) => m.role === 'assistant').length >= count,
      60_000,
    );

  beforeAll(async () => {
    fake = await startFakeOpenAi((messages) => `echo ${lastText(messages)}`, { tokenDelayMs: () => 30 });
    env = { DATA_DIR: dataDir, MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test', RUN_LEASE_MS: '2000' };
    api = await spawnServer({ ...env, ROLES: 'api,projections' });
    processes.push(api);
  }, 60_000);

  afterAll(async () => {
    streams.forEach((s) => s.close());
    for (const p of processes) await stopServer(p, 'SIGKILL');
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the API process's roles in /health", async () => {
    expect((await call(api.baseUrl, 'GET', '/health')).body.roles).toEqual(['api', 'projections']);
    expect(api.output()).toContain('ROLES=api,projections');
    expect(api.output()).not.toMatch(/worker \S+ \(run lease/); // no agent in it
  });

  it('a message sent to the API is answered by the worker, and the API streams its live records', async () => {
    const worker = await spawnWorker(env);
    processes.push(worker);
    const workerId = await workerIdOf(worker);
    expect((await call(api.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'split' })).status).toBe(200);
    const stream = await openStream(api.baseUrl, '/threads/split/stream');
    streams.push(stream);
    await stream.until(has('ThreadCreated'));
    const question = 'who answers me?';
    expect((await call(api.baseUrl, 'POST', '/commands/send-message', { thread_id: 'split', content: question })).status).toBe(200);

    const frames = await stream.until(has('run_ended'));
    const deltas = frames.filter((f) => f.event === 'token_delta').map((f) => f.data.data.text);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('')).toBe(`echo ${question}`);
    const { body } = await answers('split', 1);
    expect(body.map((m: any) => [m.role, m.content])).toEqual([
      ['user', question],
      ['assistant', `echo ${question}`],
    ]);
    expect(await claimsOf('split')).toEqual([expect.objectContaining({ workerId, attempt: 1 })]);
    expect(calls(question)).toBe(1);
    await stopServer(worker, 'SIGTERM');
    expect(worker.child.exitCode === 0 || worker.child.signalCode === 'SIGTERM').toBe(true);
  }, 90_000);

  it('an API process without the agent role never runs a run: a message waits for the next worker', async () => {
    const question = 'answered only by a worker';
    expect((await call(api.baseUrl, 'POST', '/commands/send-message', { thread_id: 'split', content: question })).status).toBe(200);
    // No worker runs now: were the API process to run the agent, its own claim would land here.
    await new Promise((r) => setTimeout(r, 1500));
    expect(calls(question)).toBe(0);
    const worker = await spawnWorker(env); // its follower starts at the head: the saga's inbox names the waiting thread
    processes.push(worker);
    const workerId = await workerIdOf(worker);
    const { body } = await answers('split', 2);
    expect(body.filter((m: any) => m.role === 'assistant').map((m: any) => m.content)).toEqual([
      'echo who answers me?',
      `echo ${question}`,
    ]);
    expect((await claimsOf('split')).map((c: any) => c.workerId)).toEqual([expect.any(String), workerId]);
    expect(calls(question)).toBe(1);
  }, 90_000);

  it('an API process without projections answers commands once the read store (projected elsewhere) shows them', async () => {
    const reader = await spawnServer({ ...env, ROLES: 'api' });
    processes.push(reader);
    expect((await call(reader.baseUrl, 'GET', '/health')).body.roles).toEqual(['api']);
    for (const n of [1, 2, 3]) {
      const threadId = `read-your-writes-${n}`;
      expect((await call(reader.baseUrl, 'POST', '/commands/create-thread', { thread_id: threadId })).status).toBe(200);
      // Straight after the command's answer, with no retry: its effect is already in the read models.
      expect(await call(reader.baseUrl, 'GET', `/threads/${threadId}/messages`)).toMatchObject({ status: 200, body: [] });
      const sent = await call(reader.baseUrl, 'POST', '/commands/send-message', { thread_id: threadId, content: `hello ${n}` });
      expect(sent.status).toBe(200);
      const messages = (await call(reader.baseUrl, 'GET', `/threads/${threadId}/messages`)).body;
      expect(messages.filter((m: any) => m.role === 'user').map((m: any) => m.content)).toEqual([`hello ${n}`]);
    }
  }, 60_000);
});
