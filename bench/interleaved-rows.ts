import { quantile, summary, timed } from './bench-support';
import { cpuMs, Proc } from './processes';

/** Uncounted warm-up calls, then counted ones; the old figure is the p50 of the first `old` calls. */
export interface Counts {
  warmUp: number;
  n: number;
  old: number;
}

/**
 * Times `call` on each server in turn, `warmUp` + `n` times; a server left idle for 2 s is touched (untimed) first. Prints each server's counted calls and the second server's figures over the first's.
 */
export async function row<S extends { name: string; touch: () => Promise<unknown> }>(
  servers: S[],
  label: string,
  { warmUp, n, old }: Counts,
  call: (server: S, k: number, i: number) => Promise<unknown>,
): Promise<void> {
  const times = servers.map(() => [] as number[]);
  const lastCall = servers.map(() => performance.now());
  for (let i = 0; i < warmUp + n; i++) {
    for (const k of i % 2 ? [...servers.keys()].reverse() : servers.keys()) {
      // A connection idle for seconds (while the other server answered) may be closed by the server just as a POST reuses it
      if (performance.now() - lastCall[k] > 2000) await servers[k].touch();
      times[k].push(await timed(() => call(servers[k], k, i)));
      lastCall[k] = performance.now();
    }
  }
  const counted = times.map((t) => t.slice(warmUp));
  servers.forEach(({ name }, k) =>
    console.log(`${summary(`${name}: ${label}`, counted[k])}; old p50=${quantile(times[k].slice(0, old), 0.5).toFixed(1)} ms`),
  );
  const ratio = (q: number) => (quantile(counted[1], q) / quantile(counted[0], q)).toFixed(2);
  console.log(`  ${label}: ${servers[1].name} / ${servers[0].name} = ${ratio(0.5)} at p50, ${ratio(0.95)} at p95 (below 1: faster)`);
}

/** Waits (up to 30 s) until the servers are idle, e.g. LangGraph's has written its store to disk, 3 s after its last request. */
export async function quiet(procs: Proc[]): Promise<void> {
  const cpu = () => procs.reduce((sum, proc) => sum + cpuMs(proc), 0);
  for (let i = 0, before = cpu(); i < 60; i++, before = cpu()) {
    await new Promise((r) => setTimeout(r, 500));
    if (i >= 7 && cpu() - before <= 20) return; // 3.5 s at least, then half a second with 4% CPU or less
  }
}
