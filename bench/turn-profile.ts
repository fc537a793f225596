import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { get, newDataDir, post } from './bench-support';
import { cpuMs, startForkline } from './processes';

const CLIENTS = 32;
const THREADS = 64;
const TURNS = 2_000;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A sample counts for the first part any frame of its stack matches (the rest: other). */
const PARTS: Array<[string, RegExp]> = [
  ['gc', /^\(garbage collector\)/],
  ['projections', /projection-runner|log-follower/],
  ['live records', /live-run|live-records/],
  ['checkpointer', /checkpointer\//],
  ['agent', /libs\/agent\//],
  ['event store', /libs\/event-store\//],
  ['read store', /libs\/read-models\//],
  ['http', /express|router|_http_|@nestjs|class-validator|apps\/api\/src\/http\//],
];

/**
 * Where a turn's server CPU goes (issue 18's flame graph): one all-in-one process under `node --cpu-prof`, 32 clients
 * sending 2,000 messages to 64 threads (offline model, zero token delay). Prints CPU a turn (from /proc, profiler
 * overhead included), then the top 10 functions by self time and the time by part, as shares of the busy samples
 * (start-up and shutdown left out) applied to that CPU; the .cpuprofile's path is printed for a flame graph (Chrome
 * DevTools or speedscope).
 */
export async function turnProfile(): Promise<void> {
  const profileDir = mkdtempSync(join(tmpdir(), 'fl-turn-profile-'));
  const proc = await startForkline({ DATA_DIR: newDataDir(), OFFLINE_TOKEN_DELAY_MS: '0' }, false, [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
  ]);
  try {
    const threads: string[] = [];
    for (let i = 0; i < THREADS; i++) threads.push((await post(`${proc.baseUrl}/commands/create-thread`, {})).thread_id);
    const cpu0 = cpuMs(proc);
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let n = next++; n < TURNS; n = next++)
          await post(`${proc.baseUrl}/commands/send-message`, { thread_id: threads[n % THREADS], content: `m${n}` });
      }),
    );
    for (const thread of threads)
      while ((await get(`${proc.baseUrl}/threads/${thread}/messages`)).length < 2 * Math.ceil((TURNS - threads.indexOf(thread)) / THREADS))
        await new Promise((r) => setTimeout(r, 100));
    const perTurn = (cpuMs(proc) - cpu0) / TURNS;
    const exited = new Promise((r) => proc.child.once('exit', r));
    proc.child.kill('SIGTERM'); // the profile is written as the process exits
    await exited;
    const file = join(profileDir, readdirSync(profileDir)[0]);
    console.log(
      `turn profile, 1 all-in-one process under --cpu-prof, ${CLIENTS} clients, ${THREADS} threads, ${TURNS} turns: ` +
        `${perTurn.toFixed(2)} ms of CPU a turn (profiler included); profile ${file}`,
    );
    report(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, perTurn);
  } finally {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  }
}

/**
 * Samples count from the first one where the agent saga answers a message (the load's first turn: start-up stays out; a
 * module's own frame, at its loading, is named after its file too) to the first of the shutdown; each part's share of
 * the busy ones, in CPU.
 */
function report(profile: CpuProfile, cpuPerTurnMs: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*?(dist|node_modules)\//, '$1/')}`;
  const self = new Map<string, number>();
  const parts = new Map<string, number>();
  let counting = false;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const stack: string[] = [];
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.push(name(byId.get(id)!));
    if (stack.some((frame) => /callBeforeShutdownHook|callShutdownHook|callDestroyHook/.test(frame))) break;
    counting ||= stack.some((frame) => frame.startsWith('answerNext ') && frame.includes('agent-saga'));
    if (!counting || stack[0].startsWith('(idle)')) continue;
    const us = profile.timeDeltas[i] ?? 0;
    busy += us;
    self.set(stack[0], (self.get(stack[0]) ?? 0) + us);
    const part = PARTS.find(([, re]) => stack.some((frame) => re.test(frame)))?.[0] ?? 'other';
    parts.set(part, (parts.get(part) ?? 0) + us);
  }
  const line = ([label, us]: [string, number]) =>
    `    ${((us / busy) * cpuPerTurnMs).toFixed(3)} ms a turn ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${label}`;
  console.log('  top 10 functions by self time:');
  for (const entry of [...self].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(line(entry));
  console.log('  by part (the first part a frame of the stack matches):');
  for (const entry of [...parts].sort((a, b) => b[1] - a[1])) console.log(line(entry));
}
