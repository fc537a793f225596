import { spawn } from 'child_process';
import { join } from 'path';
import { Client } from '@langchain/langgraph-sdk';
import { newDataDir } from './bench-support';
import { copyEvents } from './copy-events';
import { Counts, quiet, row } from './interleaved-rows';
import { BENCH_KEY, cpuMs, Proc, rssBytes, started, startForkline } from './processes';

const ROOT = join(__dirname, '..', '..');
const say = (text: string) => ({ input: { messages: [{ type: 'human', content: text }] } });

interface Server {
  name: string;
  proc: Proc;
  client: Client;
  assistant: string;
  /** How a long thread is written: real runs on Forkline; on LangGraph's server, whose queue takes ~0.5 s a run, state updates. */
  seed: (thread: string, turns: number) => Promise<void>;
  /** A cheap GET (which the SDK retries), to use a connection before timing a POST on it. */
  touch: () => Promise<unknown>;
  /** Forkline's DATA_DIR, whose log the bench reads to count the events a copy appends. */
  dataDir?: string;
}

/**
 * Issue 16: the LangGraph SDK against Forkline's /langgraph face and against LangGraph's own JS server
 * (@langchain/langgraph-api, in memory, the same echo graph), both up at once: runs/wait latency, GET state and POST
 * history at 100 and 1,000 turns, copy at 10 and 1,000 turns (each row calls the two servers in turn, so both see the
 * same moments of a machine whose speed drifts), the events Forkline's copies append (O(1): as many at 1,000 turns as at
 * 10), RSS after the seeded turns and copies, and turns/s with 32 clients on 64 threads (runs/wait, one server after the
 * other) with the server's CPU per turn, then RSS again.
 */
export async function langgraphSideBySide(): Promise<void> {
  const servers: Server[] = [];
  try {
    for (const start of [startLangGraphApi, startForklineFace]) servers.push(await start());
    for (const { name, proc } of servers)
      proc.child.on('exit', (code, signal) => signal !== 'SIGKILL' && console.error(`${name} exited: ${code}`));
    await measure(servers);
  } finally {
    for (const server of servers) server.proc.child.kill('SIGKILL');
  }
}

async function measure(servers: Server[]): Promise<void> {
  console.log(
    'langgraph side by side: n = calls counted after the same uncounted warm-up calls on each server, the two called in turn (who goes ' +
      'first alternates); "old p50" = the p50 of a row\'s first 20 calls (50 for runs/wait), warm-up included, as the bench printed ' +
      'before (then one server after the other, each alone)',
  );
  const warm = await Promise.all(servers.map(async ({ client }) => (await client.threads.create()).thread_id));
  await row(servers, 'runs/wait (echo model, one thread)', { warmUp: 5, n: 50, old: 50 }, (s, k, i) =>
    s.client.runs.wait(warm[k], s.assistant, say(`turn ${i}`)),
  );
  const threads = await Promise.all(
    servers.map(async ({ client, assistant, seed }) => {
      const byTurns: Record<number, string> = {};
      for (const n of [10, 100, 1000]) {
        byTurns[n] = (await client.threads.create({ graphId: assistant })).thread_id;
        await seed(byTurns[n], n);
      }
      return byTurns;
    }),
  );
  // LangGraph's server answers these in 30 ms to seconds (at 1,000 turns): fewer calls where the gap is that wide.
  const reads: Record<number, Counts> = { 100: { warmUp: 5, n: 100, old: 20 }, 1000: { warmUp: 2, n: 20, old: 20 } };
  for (const n of [100, 1000]) {
    await row(servers, `GET state at ${n} turns`, reads[n], (s, k) => s.client.threads.getState(threads[k][n]));
    await row(servers, `POST history (limit 10) at ${n} turns`, reads[n], (s, k) =>
      s.client.threads.getHistory(threads[k][n], { limit: 10 }),
    );
  }
  // As many 1,000-turn copies as before: LangGraph's server keeps each in memory (the RSS row).
  const copy = (n: number) => (s: Server, k: number) => s.client.threads.copy(threads[k][n]);
  await row(servers, 'copy at 10 turns', { warmUp: 10, n: 100, old: 20 }, copy(10));
  await row(servers, 'copy at 1000 turns', { warmUp: 2, n: 18, old: 20 }, copy(1000));
  // 2 s after the last copy: before LangGraph's server writes its store to disk (3 s), which would raise its RSS.
  await new Promise((r) => setTimeout(r, 2000));
  for (const { name, proc } of servers) console.log(`${name}: RSS after 1,165 turns and 130 copies: ${mb(proc)} MB`);
  const forkline = servers.findIndex((s) => s.dataDir);
  await copyEvents(servers[forkline].name, servers[forkline].client, servers[forkline].dataDir!, threads[forkline]);
  for (const [k, { name, proc, client, assistant }] of servers.entries()) {
    if (k > 0) await quiet(servers.map((server) => server.proc));
    const turns = await throughput(name, proc, client, assistant);
    // As above, 2 s after the load.
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`${name}: RSS at the end, after the throughput run too (64 more threads, ${turns} more turns): ${mb(proc)} MB`);
  }
}

const mb = (proc: Proc) => (rssBytes(proc) / 2 ** 20).toFixed(0);

/** Returns the turns it made. */
async function throughput(name: string, proc: Proc, client: Client, assistant: string): Promise<number> {
  const threads = await Promise.all(Array.from({ length: 64 }, () => client.threads.create({ graphId: assistant })));
  const cpuBefore = cpuMs(proc);
  const started = performance.now();
  const deadline = started + 10_000;
  let turns = 0;
  await Promise.all(
    Array.from({ length: 32 }, async (_, c) => {
      for (let n = 0; performance.now() < deadline; n++) {
        await client.runs.wait(threads[(c + n * 32) % 64].thread_id, assistant, say(`c${c} m${n}`));
        turns++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${name}: 32 clients on 64 threads, runs/wait: ${(turns / seconds).toFixed(0)} turns/s, ` +
      `server CPU ${((cpuMs(proc) - cpuBefore) / turns).toFixed(1)} ms per turn`,
  );
  return turns;
}

async function startForklineFace(): Promise<Server> {
  const dataDir = newDataDir();
  const proc = await startForkline({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '0' });
  const client = new Client({ apiUrl: `${proc.baseUrl}/langgraph`, apiKey: BENCH_KEY });
  const [assistant] = await client.assistants.search().catch((error) => {
    proc.child.kill('SIGKILL');
    throw error;
  });
  const seed = async (thread: string, turns: number) => {
    for (let i = 0; i < turns; i++) await client.runs.wait(thread, assistant.assistant_id, say(`turn ${i}`));
  };
  const touch = () => client.assistants.get(assistant.assistant_id);
  return { name: 'Forkline /langgraph', proc, client, assistant: assistant.assistant_id, seed, touch, dataDir };
}

async function startLangGraphApi(): Promise<Server> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'langgraph-api', 'start.mjs')], {
    cwd: newDataDir(),
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = await started(child, (output) => (/LISTENING /.test(output) ? `http://127.0.0.1:${port}` : undefined));
  const client = new Client({ apiUrl: proc.baseUrl });
  // One checkpoint per turn (a run writes three): the history LangGraph's server reads is the smaller one.
  const seed = async (thread: string, turns: number) => {
    for (let i = 0; i < turns; i++) {
      const messages = [
        { type: 'human', content: `turn ${i}` },
        { type: 'ai', content: `You said: "turn ${i}" (${2 * i + 1} messages in context).` },
      ];
      await client.threads.updateState(thread, { values: { messages }, asNode: 'agent' });
    }
  };
  return { name: 'LangGraph JS server', proc, client, assistant: 'echo', seed, touch: () => client.assistants.get('echo') };
}
