import { get, newDataDir, post } from './bench-support';
import { cpuMs, Proc, rssBytes, startForkline } from './processes';

const CLIENTS = 32;
const THREADS = 64;
const WARM_MS = 4_000; // the same load before the measured window, so JIT warm-up is not billed to the steady figures
const LOAD_MS = 10_000;
const POLL_MS = 250;

/**
 * Turns per second with 32 clients on 64 threads (offline model, zero token delay), for one all-in-one process and for
 * 2 API processes (one of them projecting) + 2 workers on one DATA_DIR; CPU per answered turn over all processes (from
 * /proc), from cold and in the steady window after a warm-up, and each process's RSS once idle after the load.
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
      Array.from({ length: THREADS }, (_, i) => post(`${apis[i % apis.length].baseUrl}/commands/create-thread`, {})),
    );
    const answers = new Answers(
      apis[0].baseUrl,
      threads.map((t) => t.thread_id),
    );
    const sent: number[] = threads.map(() => 0);
    const cpu = () => procs.reduce((sum, p) => sum + cpuMs(p), 0);
    const cold = { cpu: cpu(), at: performance.now() };
    const deadline = cold.at + WARM_MS + LOAD_MS;
    const load = Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; performance.now() < deadline; n++) {
          const i = (c + n * CLIENTS) % THREADS;
          await post(`${apis[n % apis.length].baseUrl}/commands/send-message`, {
            thread_id: threads[i].thread_id,
            content: `c${c} m${n}`,
          });
          sent[i]++;
        }
      }),
    );
    await new Promise((r) => setTimeout(r, WARM_MS));
    // The load goes on; answers are put on either side of this moment afterwards, by the time their event was written.
    const steady = { cpu: cpu(), at: performance.now() };
    answers.boundary = Date.now();
    await load;
    // Wait for the backlog to drain, reading only the threads still waiting, and only their new messages.
    for (let waiting = threads.map((_, i) => i); waiting.length > 0 && performance.now() < deadline + 120_000;) {
      await answers.read(waiting);
      waiting = waiting.filter((i) => answers.counts[i] < sent[i]);
      if (waiting.length > 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const end = { cpu: cpu(), at: performance.now() };
    const total = sent.reduce((a, b) => a + b, 0);
    const answered = answers.total();
    await new Promise((r) => setTimeout(r, 2000));
    const rss = procs.map((p) => `${(rssBytes(p) / 2 ** 20).toFixed(0)} MB`).join(', ');
    const rate = (meaning: string, from: { cpu: number; at: number }, turns: number) => {
      const seconds = (end.at - from.at) / 1000;
      const cpuPerTurn = (end.cpu - from.cpu) / Math.max(1, turns);
      return `  ${meaning}: ${turns} answered in ${seconds.toFixed(1)} s = ${(turns / seconds).toFixed(0)} turns/s; CPU ${cpuPerTurn.toFixed(1)} ms per turn`;
    };
    const unanswered = answered < total ? ` (NOT ALL: ${total - answered} unanswered after 120 s)` : '';
    console.log(
      `scale-out, ${label}: ${total} messages sent in ${(WARM_MS + LOAD_MS) / 1000} s by ${CLIENTS} clients on ${THREADS} threads, ` +
        `${answered} answered${unanswered}; idle RSS ${rss}; CPU over all processes, load + drain:`,
    );
    console.log(rate('from cold (from fresh processes: JIT warm-up included)', cold, answered));
    console.log(
      rate(`steady (after ${WARM_MS / 1000} s of the same load, whose answers are not counted)`, steady, answered - answers.beforeBoundary),
    );
    console.log(
      `  bench's own reads after the load: ${answers.gets} GETs (all messages once, then only new ones of threads still waiting)`,
    );
  } finally {
    for (const p of procs) p.child.kill('SIGKILL');
  }
}

/**
 * Counts each thread's answers by reading only the messages after the last one seen (the messages route's `after`), and those
 * written before `boundary` (by their `created_at`, the time of their event).
 */
class Answers {
  readonly counts: number[];
  private readonly after: number[];
  gets = 0;
  boundary = Infinity;
  beforeBoundary = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly threadIds: string[],
  ) {
    this.counts = threadIds.map(() => 0);
    this.after = threadIds.map(() => 0); // event 0 creates the thread
  }

  total = () => this.counts.reduce((a, b) => a + b, 0);

  async read(threads: number[]): Promise<void> {
    await Promise.all(
      threads.map(async (i) => {
        const messages: Array<{ role: string; event_number: number; created_at: string }> = await get(
          `${this.baseUrl}/threads/${this.threadIds[i]}/messages?after=${this.after[i]}`,
        );
        this.gets++;
        for (const m of messages) {
          this.after[i] = m.event_number;
          if (m.role !== 'assistant') continue;
          this.counts[i]++;
          if (Date.parse(m.created_at) < this.boundary) this.beforeBoundary++;
        }
      }),
    );
  }
}
