import { rmSync } from 'fs';
import { parseExposition } from './support/exposition';
import { spawnServer, spawnWorker, stopServer, ServerProcess } from './support/server-process';
import { ALICE_KEY, call, eventually, newDataDir } from './support/test-app';

/** The samples of a process's /metrics, scraped with `key`. */
async function scrape(process: ServerProcess, key = ALICE_KEY): Promise<Map<string, number>> {
  const response = await fetch(`${process.baseUrl}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  const type = response.headers.get('content-type')!.split(/;\s*/);
  expect([type[0], type.includes('version=0.0.4')]).toEqual(['text/plain', true]);
  return parseExposition(await response.text());
}

const workerIdOf = async (worker: ServerProcess) =>
  (await eventually(
    async () => /worker (\S+) \(run lease/.exec(worker.output()),
    (m) => m !== null,
  ))![1];

/**
 * Processes without the api role (`npm test` builds them first) on one DATA_DIR with an API process, each with its
 * own listener (METRICS_PORT=0: a free port, named on its start line): a worker's /metrics shows the run leases it
 * holds and the one it took over from a worker killed mid-run, and /health names each process's roles.
 */
describe('headless processes with METRICS_PORT: their own /health and /metrics', () => {
  const dataDir = newDataDir();
  const processes: ServerProcess[] = [];
  // The offline model streams a reply of about 30 tokens: 200 ms each makes a run long enough to scrape and to kill.
  const env = { DATA_DIR: dataDir, RUN_LEASE_MS: '2000', OFFLINE_TOKEN_DELAY_MS: '200' };
  let api: ServerProcess;
  let first: ServerProcess;
  const events = async (threadId: string) => (await call(api.baseUrl, 'GET', `/threads/${threadId}/events`)).body;

  beforeAll(async () => {
    api = await spawnServer({ ...env, ROLES: 'api,projections' });
    processes.push(api);
    first = await spawnWorker({ ...env, METRICS_PORT: '0' });
    processes.push(first);
  }, 90_000);

  afterAll(async () => {
    for (const p of processes) await stopServer(p, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /health with its roles to a key (ok alone without one), /metrics only with a key; no listener without METRICS_PORT', async () => {
    expect(first.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(first.baseUrl, 'GET', '/health', undefined, { key: null })).body).toEqual({ status: 'ok' });
    const health = await call(first.baseUrl, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', roles: ['agent'], event_store: { reachable: true } });
    expect((await call(first.baseUrl, 'GET', '/metrics', undefined, { key: null })).status).toBe(401);
    expect((await call(first.baseUrl, 'GET', '/metrics', undefined, { key: 'not-a-key-of-anyone-0123456789' })).status).toBe(401);
    expect((await call(first.baseUrl, 'GET', '/threads')).status).toBe(404); // the API's routes are not here
    const samples = await scrape(first);
    expect(samples.get('forkline_http_requests_total{method="GET",route="/metrics",status="401"}')).toBe(2);

    // A port in use stops the process at start, in one line.
    const taken = first.baseUrl.replace('http://', '');
    await expect(spawnWorker({ ...env, METRICS_PORT: taken.split(':')[1] })).rejects.toThrow(
      new RegExp(`exited with 1 before starting:[^]*\\nforkline: METRICS_PORT: cannot listen on ${taken}: listen EADDRINUSE`),
    );

    const projector = await spawnWorker({ ...env, ROLES: 'projections', METRICS_PORT: '0' }, 'main.js');
    processes.push(projector);
    expect(projector.output()).toContain('Forkline process started (ROLES=projections');
    expect((await call(projector.baseUrl, 'GET', '/health')).body.roles).toEqual(['projections']);
    await stopServer(projector, 'SIGTERM');
    const silent = await spawnWorker(env);
    processes.push(silent);
    expect([silent.baseUrl, silent.output()]).toEqual(['', expect.not.stringContaining('/metrics on')]);
    await stopServer(silent, 'SIGTERM');
  }, 60_000);

  it('counts the lease a worker holds while its run is in flight, and on another worker the lease it took over after a kill -9', async () => {
    const firstId = await workerIdOf(first);
    expect((await call(api.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'leased' })).status).toBe(200);
    expect((await call(api.baseUrl, 'POST', '/commands/send-message', { thread_id: 'leased', content: 'hold me' })).status).toBe(200);
    await eventually(
      () => events('leased'),
      (log) => log.some((e: any) => e.type === 'RunStarted' && e.data.workerId === firstId),
    );
    const held = await eventually(scrape.bind(null, first), (s) => s.get('forkline_worker_leases_held') === 1);
    expect(held.get('forkline_worker_leases_taken_over_total')).toBe(0);

    const second = await spawnWorker({ ...env, METRICS_PORT: '0' });
    processes.push(second);
    const secondId = await workerIdOf(second);
    expect((await scrape(second)).get('forkline_worker_leases_held')).toBe(0);
    await stopServer(first, 'SIGKILL');

    // After the lease runs out (2 s unrenewed) the second worker claims the run as attempt 2.
    const log = await eventually(
      () => events('leased'),
      (l) => l.some((e: any) => e.type === 'RunResumed'),
      30_000,
    );
    expect(log.find((e: any) => e.type === 'RunResumed').data).toMatchObject({ workerId: secondId, attempt: 2 });
    const takenOver = await scrape(second);
    expect(takenOver.get('forkline_worker_leases_taken_over_total')).toBe(1);
    // Its attempt streams for seconds: still held unless it has already answered.
    const answered = (l: any[]) => l.some((e: any) => e.type === 'AssistantMessageAdded');
    if (!answered(await events('leased'))) expect(takenOver.get('forkline_worker_leases_held')).toBe(1);

    await eventually(() => events('leased'), answered, 30_000);
    const after = await eventually(scrape.bind(null, second), (s) => s.get('forkline_worker_leases_held') === 0);
    expect(after.get('forkline_worker_leases_taken_over_total')).toBe(1);
    expect((await events('leased')).filter((e: any) => e.type === 'AssistantMessageAdded')).toHaveLength(1);
  }, 90_000);
});

describe('a headless listener on a DATA_DIR without keys yet', () => {
  const dataDir = newDataDir();
  const processes: ServerProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await stopServer(p, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates no key itself, and takes the one the first API process creates', async () => {
    // API_KEYS empty: keys come from DATA_DIR/api-keys.json, which the worker, started first, does not create.
    const worker = await spawnWorker({ DATA_DIR: dataDir, API_KEYS: '', METRICS_PORT: '0' });
    processes.push(worker);
    expect(worker.output()).not.toContain('Created an API key');
    expect((await call(worker.baseUrl, 'GET', '/metrics', undefined, { key: 'fl_not_yet_anyones_key_0123456789' })).status).toBe(401);

    const api = await spawnServer({ DATA_DIR: dataDir, API_KEYS: '', ROLES: 'api,projections' });
    processes.push(api);
    const key = /Authorization: Bearer (\S+)"/.exec(api.output())![1];
    expect((await scrape(worker, key)).get('forkline_worker_leases_held')).toBe(0);
    expect((await call(worker.baseUrl, 'GET', '/health', undefined, { key })).body.roles).toEqual(['agent']);
  }, 60_000);
});
