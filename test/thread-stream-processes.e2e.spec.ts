import { rmSync } from 'fs';
import { AgentSaga } from '@forkline/agent';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { components, expectStrictlyIncreasing, Frame, openStream, SseConnection } from './support/sse-client';
import { call, newDataDir, startTestApp, TestApp } from './support/test-app';

const has =
  (event: string, count = 1) =>
  (frames: Frame[]) =>
    frames.filter((f) => f.event === event).length >= count;

/** The built server as real processes on one DATA_DIR (`npm test` builds it first). */
describe('a thread stream across processes', () => {
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];
  const streams: SseConnection[] = [];
  let inProcess: TestApp | undefined;
  const spawn = async (env: Record<string, string>) => {
    // A short run lease: a restarted process (a new worker) takes a killed one's run over once it expires.
    const server = await spawnServer({ DATA_DIR: dataDir, RUN_LEASE_MS: '2000', ...env });
    servers.push(server);
    return server;
  };
  const stream = async (baseUrl: string, path: string, lastEventId?: string) => {
    const s = await openStream(baseUrl, path, { lastEventId });
    streams.push(s);
    return s;
  };
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await inProcess?.close();
    for (const server of servers) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes after a kill -9 and restart: the retried run shows as attempt 2, nothing lost or repeated', async () => {
    let server = await spawn({ OFFLINE_TOKEN_DELAY_MS: '150' });
    await call(server.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'crash' });
    const first = await stream(server.baseUrl, '/threads/crash/stream');
    await call(server.baseUrl, 'POST', '/commands/send-message', { thread_id: 'crash', content: 'survive the crash' });
    const before = [...(await first.until(has('token_delta', 2)))];
    await stopServer(server, 'SIGKILL');
    await first.ended;

    server = await spawn({ OFFLINE_TOKEN_DELAY_MS: '10' });
    const rest = await stream(server.baseUrl, '/threads/crash/stream', before[before.length - 1].id);
    const after = await rest.until(has('run_ended'));
    const joined = [...before, ...after];
    expectStrictlyIncreasing(joined);
    expect(new Set(joined.map((f) => f.id)).size).toBe(joined.length);
    expect(joined.filter((f) => f.event === 'run_started').map((f) => f.data.data.attempt)).toEqual([1, 2]);
    expect(joined.filter((f) => f.event === 'AssistantMessageAdded')).toHaveLength(1);
    const retried = joined.slice(joined.map((f) => f.event).lastIndexOf('run_started'));
    const reply = retried.find((f) => f.event === 'AssistantMessageAdded')!;
    const deltas = retried.filter((f) => f.event === 'token_delta').map((f) => f.data.data.text);
    expect(deltas.join('')).toBe(reply.data.data.content);
    const whole = await stream(server.baseUrl, '/threads/crash/stream', '-1:-1');
    expect(components(joined)).toEqual(components(await whole.until(has('run_ended'))));
    await stopServer(server, 'SIGTERM'); // one process runs the agent in the next test
  });

  it('serves in one API process the stream of a run executing in another', async () => {
    const runner = await spawn({ OFFLINE_TOKEN_DELAY_MS: '20' });
    // The second API process: its own stores, projections and feed on the same DATA_DIR; its agent is stopped, so the
    // run can only execute in the first.
    inProcess = await startTestApp({}, dataDir);
    await inProcess.app.get(AgentSaga).stop();
    await call(runner.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'elsewhere' });
    const watcher = await stream(inProcess.baseUrl, '/threads/elsewhere/stream');
    await watcher.until(has('ThreadCreated'));
    await call(runner.baseUrl, 'POST', '/commands/send-message', { thread_id: 'elsewhere', content: 'from the other process' });
    const frames = await watcher.until(has('run_ended'));
    const reply = frames.findIndex((f) => f.event === 'AssistantMessageAdded');
    const deltas = frames.filter((f) => f.event === 'token_delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(frames.indexOf(deltas[deltas.length - 1])).toBeLessThan(reply);
    expect(deltas.map((f) => f.data.data.text).join('')).toBe(frames[reply].data.data.content);
    expectStrictlyIncreasing(frames);
    const reference = await stream(runner.baseUrl, '/threads/elsewhere/stream', '-1:-1');
    expect(components(frames)).toEqual(components(await reference.until(has('run_ended'))));
  });
});
