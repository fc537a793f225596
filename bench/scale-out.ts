import { newDataDir } from './bench-support';
import { BENCH_KEY as KEY, cpuMs, Proc, rssBytes, startForkline } from './processes';

const CLIENTS = 32;
const THREADS = 64;
const LOAD_MS = 10_000;

/**
 * Turns per second with 32 clients on 64 threads (offline model, zero token delay), for one all-in-one process and for
 * 2 API processes (one of them projecting) + 2 workers on one DATA_DIR; CPU per answered turn over all processes (from
 * /proc), and each process's RSS once idle after the load.
 */
export async function scaleOut(): Promise<void> {
  const env = { OFFLINE_TOKEN_DELAY_MS: '0', RUN_LEASE_MS: '5000' };
  await measure('1 all-in-one process', [{ ...env }]);
  await measure('2 API (one projecting) + 2 workers', [
    { ...env, ROLES: 'api,projections' },
    { ...env, ROLES: 'api' },
    { ...env, ROLES: 'agent', worker: '1' },
    { ...env, ROLES: 'agent', worker: '1' },
  ]);
}

async function measure(label: string, roles: Array<Record<string, string>>): Promise<void> {
  const dataDir = newDataDir();
  const procs: Proc[] = [];
  try {
    for (const { worker, ...env } of roles) procs.push(await startForkline({ ...env, DATA_DIR: dataDir }, worker === '1'));
    const apis = procs.filter((p) => p.baseUrl);
    const threads = await Promise.all(
      Array.from({ length: THREADS }, (_, i) => request(apis[i % apis.length].baseUrl, '/commands/create-thread', {})),
    );
    const cpuBefore = procs.map(cpuMs);
    const deadline = performance.now() + LOAD_MS;
    let sent = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const thread = threads[(c + n * CLIENTS) % THREADS];
          await request(apis[n % apis.length].baseUrl, '/commands/send-message', { thread_id: thread.thread_id, content: `c${c} m${n}` });
          sent++;
        }
      }),
    );
    // Answered turns: wait for the backlog to drain, then count.
    const drainStart = performance.now();
    let answered = 0;
    while (performance.now() - drainStart < 120_000) {
      answered = 0;
      for (const t of threads) answered += (await get(apis[0].baseUrl, `/threads/${t.thread_id}/messages`)).filter(isAnswer).length;
      if (answered >= sent) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - deadline + LOAD_MS) / 1000;
    const cpu = procs.reduce((sum, p, i) => sum + cpuMs(p) - cpuBefore[i], 0);
    await new Promise((r) => setTimeout(r, 2000));
    const rss = procs.map((p) => `${(rssBytes(p) / 2 ** 20).toFixed(0)} MB`).join(', ');
    console.log(
      `scale-out, ${label}: ${sent} messages sent in ${LOAD_MS / 1000} s by ${CLIENTS} clients on ${THREADS} threads, ` +
        `${answered} answered in ${seconds.toFixed(1)} s = ${(answered / seconds).toFixed(0)} turns/s; ` +
        `CPU ${(cpu / Math.max(1, answered)).toFixed(1)} ms per turn (all processes); idle RSS ${rss}`,
    );
  } finally {
    for (const p of procs) p.child.kill('SIGKILL');
  }
}

const isAnswer = (m: { role: string }) => m.role === 'assistant';

async function request(baseUrl: string, path: string, body: unknown): Promise<any> {
  const r = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function get(baseUrl: string, path: string): Promise<any> {
  const r = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
