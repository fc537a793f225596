import { rmSync } from 'fs';
import { ChatRequestMessage, FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { Frame, openStream, SseConnection } from './support/sse-client';
import { call, eventually, newDataDir } from './support/test-app';

const lastText = (messages: ChatRequestMessage[]) => String(messages[messages.length - 1].content);

/**
 * Several all-in-one server processes (`npm test` builds them first) on one DATA_DIR, answering with an
 * OpenAI-compatible loopback model that counts its calls and echoes the question: each message's run is
 * executed by one process at a time, and a killed process's run is taken over by another after its lease.
 */
describe('several processes on one DATA_DIR share the runs (run leases)', () => {
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];
  const streams: SseConnection[] = [];
  let fake: FakeOpenAi;
  /** Model calls per question. */
  const calls = (question: string) => fake.requests.filter((r) => lastText(r.body.messages ?? []) === question).length;
  const api = (server: ServerProcess, method: string, path: string, body?: unknown) => call(server.baseUrl, method, path, body);
  const alive = () => servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);

  beforeAll(async () => {
    // Questions with "slow" in them stream one token every 250 ms: a run long enough to kill its process midway.
    fake = await startFakeOpenAi((messages) => `echo ${lastText(messages)}`, {
      tokenDelayMs: (messages) => (lastText(messages).includes('slow') ? 250 : 0),
    });
    const env = {
      DATA_DIR: dataDir,
      MODEL: 'openai:gpt-fake',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      RUN_LEASE_MS: '2000',
    };
    for (let i = 0; i < 3; i++) servers.push(await spawnServer(env));
  }, 90_000);

  afterAll(async () => {
    streams.forEach((s) => s.close());
    for (const server of servers) await stopServer(server, 'SIGKILL');
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every message exactly once and in order, with one model call per message, whichever process took it', async () => {
    const threads = ['lease-a', 'lease-b', 'lease-c', 'lease-d'];
    for (const [i, t] of threads.entries())
      expect((await api(servers[i % 3], 'POST', '/commands/create-thread', { thread_id: t })).status).toBe(200);
    const questions = new Map(threads.map((t) => [t, [1, 2, 3].map((n) => `${t} question ${n}`)]));
    let turn = 0;
    for (const n of [0, 1, 2])
      for (const t of threads) {
        const sent = await api(servers[turn++ % 3], 'POST', '/commands/send-message', { thread_id: t, content: questions.get(t)![n] });
        expect(sent.status).toBe(200);
      }
    for (const t of threads) {
      const { body } = await eventually(
        () => api(servers[0], 'GET', `/threads/${t}/messages`),
        (r) => r.body.filter((m: any) => m.role === 'assistant').length >= 3,
        60_000,
      );
      // The next question may land before the previous answer; the answers come in the questions' order, each after its own.
      const contents = (role: string) => body.filter((m: any) => m.role === role).map((m: any) => m.content);
      expect(contents('user')).toEqual(questions.get(t));
      expect(contents('assistant')).toEqual(questions.get(t)!.map((q) => `echo ${q}`));
      const at = (content: string) => body.findIndex((m: any) => m.content === content);
      for (const q of questions.get(t)!) expect(at(`echo ${q}`)).toBeGreaterThan(at(q));
    }
    await new Promise((r) => setTimeout(r, 500)); // a second call or reply, if any, would come now
    for (const t of threads) for (const q of questions.get(t)!) expect({ q, calls: calls(q) }).toEqual({ q, calls: 1 });
    for (const t of threads) {
      const log = (await api(servers[1], 'GET', `/threads/${t}/events`)).body.map((e: any) => e.type);
      expect(log.filter((type: string) => type === 'AssistantMessageAdded')).toHaveLength(3);
      expect(log.filter((type: string) => type === 'RunStarted')).toHaveLength(3);
      expect(log).not.toContain('RunResumed');
    }
  }, 120_000);

  it("takes a killed process's run over after the lease, as attempt 2: one more model call, answered once", async () => {
    const question = 'a slow question that outlives its process';
    await api(servers[0], 'POST', '/commands/create-thread', { thread_id: 'lease-kill' });
    expect((await api(servers[1], 'POST', '/commands/send-message', { thread_id: 'lease-kill', content: question })).status).toBe(200);
    const started = await eventually(
      () => api(servers[2], 'GET', '/threads/lease-kill/events'),
      (r) => r.body.some((e: any) => e.type === 'RunStarted'),
    );
    const holder = started.body.find((e: any) => e.type === 'RunStarted').data.workerId;
    const victim = servers.find((s) => s.output().includes(`worker ${holder} `))!;
    expect(victim).toBeDefined();
    await eventually(
      async () => calls(question),
      (n) => n === 1,
    ); // the model is streaming its answer
    await stopServer(victim, 'SIGKILL');

    const survivor = alive()[0];
    const { body } = await eventually(
      () => api(survivor, 'GET', '/threads/lease-kill/messages'),
      (r) => r.body.some((m: any) => m.role === 'assistant'),
      60_000,
    );
    expect(body.map((m: any) => [m.role, m.content])).toEqual([
      ['user', question],
      ['assistant', `echo ${question}`],
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(calls(question)).toBe(2);
    const log = (await api(survivor, 'GET', '/threads/lease-kill/events')).body;
    const claims = log.filter((e: any) => e.type === 'RunStarted' || e.type === 'RunResumed').map((e: any) => e.data);
    expect(claims.map((c: any) => c.attempt)).toEqual([1, 2]);
    expect(claims[1].workerId).not.toBe(holder);
    expect(log.filter((e: any) => e.type === 'AssistantMessageAdded')).toHaveLength(1);

    // Its live records: attempt 1 as far as the killed process got, then the whole of attempt 2, never interleaved.
    const stream = await openStream(survivor.baseUrl, '/threads/lease-kill/stream', { lastEventId: '-1:-1' });
    streams.push(stream);
    const frames: Frame[] = await stream.until((f) => f.some((x) => x.event === 'run_ended'));
    expect(frames.filter((f) => f.event === 'run_started').map((f) => f.data.data.attempt)).toEqual([1, 2]);
    const second = frames.slice(frames.findIndex((f) => f.event === 'run_started' && f.data.data.attempt === 2));
    const answer = second.filter((f) => f.event === 'token_delta').map((f) => f.data.data.text);
    expect(answer.join('')).toBe(`echo ${question}`);
  }, 120_000);
});
