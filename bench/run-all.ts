import { join } from 'path';
import { SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { get, newDataDir, post, startApp, summary, timed } from './bench-support';
import { checkpointGrowth } from './checkpoint-growth';
import { checkpointStorage } from './checkpoint-storage';
import { difyApi } from './dify-api';
import { historyPages } from './history-pages';
import { langgraphSideBySide } from './langgraph-side-by-side';
import { liveRecordStorage } from './live-record-storage';
import { rateLimitCost } from './rate-limit-cost';
import { rebuild } from './rebuild';
import { scaleOut } from './scale-out';
import { sseLatency } from './sse-latency';
import { turnProfile } from './turn-profile';
import { workflowSocket } from './workflow-socket';

/** Forkline's speed numbers on the embedded default, over real HTTP on 127.0.0.1. Prints, never asserts. */
async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  const only = process.env.BENCH_ONLY?.split(',');
  const benches = {
    turnLatency,
    longThread,
    historyPages,
    throughput,
    stopLatency,
    checkpointStorage,
    checkpointGrowth,
    liveRecordStorage,
    rebuild,
    sseLatency,
    rateLimitCost,
    workflowSocket,
    difyApi,
    scaleOut,
    turnProfile,
    langgraphSideBySide,
  };
  for (const [name, bench] of Object.entries(benches)) if (!only || only.includes(name)) await bench();
}

/** send-message -> assistant message visible through GET, offline model with its default token delay and with none. */
async function turnLatency(): Promise<void> {
  for (const delay of ['5', '0']) await turnLatencyWith(delay);
}

async function turnLatencyWith(tokenDelayMs: string): Promise<void> {
  const { app, url } = await startApp(newDataDir(), { OFFLINE_TOKEN_DELAY_MS: tokenDelayMs });
  try {
    const { thread_id } = await post(`${url}/commands/create-thread`, {});
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      samples.push(
        await timed(async () => {
          await post(`${url}/commands/send-message`, { thread_id, content: `turn ${i}` });
          while ((await get(`${url}/threads/${thread_id}/messages`)).length < 2 * (i + 1)) await new Promise((r) => setTimeout(r, 2));
        }),
      );
    }
    console.log(summary(`turn latency (offline model, ~30 tokens, OFFLINE_TOKEN_DELAY_MS=${tokenDelayMs})`, samples));
  } finally {
    await app.close();
  }
}

/** A 10,000-message thread written straight to the log, then read and forked over HTTP. */
async function longThread(): Promise<void> {
  const dataDir = newDataDir();
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  const repository = new ThreadRepository(store);
  const ctx = { actor: 'bench', correlationId: 'bench', causationId: null };
  const seedStart = performance.now();
  for (const [threadId, turns] of [
    ['long', 5000],
    ['short', 2],
  ] as const) {
    await repository.execute({ type: 'CreateThread', threadId, ownerId: 'bench' }, ctx);
    for (let i = 0; i < turns; i++) {
      const m = `${threadId}-u${i}`;
      await repository.execute({ type: 'SendMessage', threadId, userId: 'bench', messageId: m, content: `question ${i} `.repeat(5) }, ctx);
      await repository.execute({ type: 'StartRun', threadId, runId: `${m}-run`, replyTo: m }, ctx);
      await repository.execute(
        { type: 'CompleteRun', threadId, runId: `${m}-run`, replyTo: m, messageId: `${m}-a`, content: `answer ${i} `.repeat(20) },
        ctx,
      );
    }
  }
  await store.close();
  console.log(`seeded 'long' (20,001 events, 10,000 messages) and 'short' (9 events) in ${(performance.now() - seedStart).toFixed(0)} ms`);

  const catchUp = performance.now();
  const { app, url } = await startApp(dataDir);
  try {
    while ((await get(`${url}/threads/long/head`).catch(() => ({ event_number: -1 }))).event_number < 20000)
      await new Promise((r) => setTimeout(r, 20));
    console.log(`projections caught up on 20,009 events in ${(performance.now() - catchUp).toFixed(0)} ms`);
    const page: number[] = [];
    for (let i = 0; i < 20; i++) page.push(await timed(() => get(`${url}/threads/long/messages`)));
    console.log(summary('GET messages, 10,000-message thread', page));
    for (const [label, query] of [
      ['events, first 10', 'events?from=0&limit=10'],
      ['events, last 10', 'events?from=19991&limit=10'],
      ['messages, first 10', 'messages?limit=10'],
      ['messages, last 10', 'messages?after=19980&limit=10'],
    ]) {
      const samples: number[] = [];
      for (let i = 0; i < 50; i++) samples.push(await timed(() => get(`${url}/threads/long/${query}`)));
      console.log(summary(`GET ${label} of the 20,001-event thread (a page costs what it holds)`, samples));
    }
    for (const [name, head] of [
      ['short', 8],
      ['long', 20000],
    ] as const) {
      const forks: number[] = [];
      for (let i = 0; i < 50; i++)
        forks.push(await timed(() => post(`${url}/commands/fork-thread`, { source_thread_id: name, event_number: head })));
      console.log(summary(`fork at head of a ${head + 1}-event thread`, forks));
    }
    const forkPage: number[] = [];
    const { new_thread_id } = await post(`${url}/commands/fork-thread`, { source_thread_id: 'long', event_number: 10000 });
    for (let i = 0; i < 20; i++) forkPage.push(await timed(() => get(`${url}/threads/${new_thread_id}/messages`)));
    console.log(summary('GET messages of a fork at 10,000 of the long thread (5,000 inherited)', forkPage));
  } finally {
    await app.close();
  }
}

/** 32 clients sending as fast as they can for a fixed time, each on its own thread, then all on one. */
async function throughput(): Promise<void> {
  for (const shared of [false, true]) {
    const { app, url } = await startApp(newDataDir(), { OFFLINE_TOKEN_DELAY_MS: '0' });
    try {
      const threads = await Promise.all(Array.from({ length: shared ? 1 : 32 }, () => post(`${url}/commands/create-thread`, {})));
      const deadline = performance.now() + 10_000;
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: 32 }, async (_, client) => {
          const thread_id = threads[shared ? 0 : client].thread_id;
          for (let i = 0; performance.now() < deadline; i++) {
            latencies.push(await timed(() => post(`${url}/commands/send-message`, { thread_id, content: `c${client} m${i}` })));
          }
        }),
      );
      const label = shared ? 'one shared thread' : 'one thread per client';
      console.log(`send-message throughput, 32 clients, ${label}: ${(latencies.length / 10).toFixed(0)} req/s (agent answering meanwhile)`);
      console.log(summary(`  send-message latency, ${label}`, latencies));
    } finally {
      await app.close();
    }
  }
}

/** stop -> the run's partial answer visible, while the offline model streams slowly (200 ms a token). */
async function stopLatency(): Promise<void> {
  const { app, url } = await startApp(newDataDir(), { OFFLINE_TOKEN_DELAY_MS: '200' });
  try {
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const wf = await post(`${url}/api/chat/playground/start?workflowMode=React`, { input: `a long answer please ${i}` });
      while ((await get(`${url}/api/workflows/${wf.id}/status`)).currentStep !== 'starting') await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 500));
      samples.push(
        await timed(async () => {
          await post(`${url}/api/chat/playground/${wf.id}/stop`, {});
          while ((await get(`${url}/api/workflows/${wf.id}/messages`)).length < 2) await new Promise((r) => setTimeout(r, 2));
        }),
      );
    }
    console.log(summary('stop -> partial answer visible (model mid-stream, 200 ms a token)', samples));
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
