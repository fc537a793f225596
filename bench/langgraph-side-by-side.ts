import { spawn } from 'child_process';
import { join } from 'path';
import { Client } from '@langchain/langgraph-sdk';
import { newDataDir, summary, timed } from './bench-support';
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
}

/**
 * Issue 16: the LangGraph SDK against Forkline's /langgraph face and against LangGraph's own JS server
 * (@langchain/langgraph-api, in memory, the same echo graph), one after the other in one run: runs/wait latency,
 * GET state and POST history at 100 and 1,000 turns, copy at 10 and 1,000 turns, RSS after 1,000 turns, and turns/s
 * with 32 clients on 64 threads (runs/wait) with the server's CPU per turn.
 */
export async function langgraphSideBySide(): Promise<void> {
  for (const start of [startLangGraphApi, startForklineFace]) {
    const server = await start();
    try {
      await measure(server);
    } finally {
      server.proc.child.kill('SIGKILL');
    }
  }
}

async function measure({ name, proc, client, assistant, seed }: Server): Promise<void> {
  const waits: number[] = [];
  const warm = (await client.threads.create()).thread_id;
  for (let i = 0; i < 50; i++) waits.push(await timed(() => client.runs.wait(warm, assistant, say(`turn ${i}`))));
  console.log(summary(`${name}: runs/wait (echo model, one thread)`, waits));
  const threads: Record<number, string> = {};
  for (const n of [10, 100, 1000]) {
    threads[n] = (await client.threads.create({ graphId: assistant })).thread_id;
    await seed(threads[n], n);
  }
  for (const n of [100, 1000]) {
    const state = await sample(20, () => client.threads.getState(threads[n]));
    console.log(summary(`${name}: GET state at ${n} turns`, state));
    const history = await sample(20, () => client.threads.getHistory(threads[n], { limit: 10 }));
    console.log(summary(`${name}: POST history (limit 10) at ${n} turns`, history));
  }
  for (const n of [10, 1000]) console.log(summary(`${name}: copy at ${n} turns`, await sample(20, () => client.threads.copy(threads[n]))));
  await throughput(name, proc, client, assistant);
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`${name}: RSS after 1,160 turns: ${(rssBytes(proc) / 2 ** 20).toFixed(0)} MB`);
}

async function throughput(name: string, proc: Proc, client: Client, assistant: string): Promise<void> {
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
}

async function sample(n: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await timed(work));
  return samples;
}

async function startForklineFace(): Promise<Server> {
  const proc = await startForkline({ DATA_DIR: newDataDir(), OFFLINE_TOKEN_DELAY_MS: '0' });
  const client = new Client({ apiUrl: `${proc.baseUrl}/langgraph`, apiKey: BENCH_KEY });
  const [assistant] = await client.assistants.search().catch((error) => {
    proc.child.kill('SIGKILL');
    throw error;
  });
  const seed = async (thread: string, turns: number) => {
    for (let i = 0; i < turns; i++) await client.runs.wait(thread, assistant.assistant_id, say(`turn ${i}`));
  };
  return { name: 'Forkline /langgraph', proc, client, assistant: assistant.assistant_id, seed };
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
  return { name: 'LangGraph JS server', proc, client, assistant: 'echo', seed };
}
