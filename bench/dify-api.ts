import { join } from 'path';
import { createParser } from 'eventsource-parser';
import { endUserId, replyIdFor, runIdFor } from '@forkline/domain';
import { SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { get, newDataDir, post, startApp, summary, timed } from './bench-support';

const TURNS = 40;
const CONVERSATIONS = 10_000;
const KEY = 'bench-key-9c4e1a7f3d0b5e2c8a6f1d3b7e9c0a52';

/**
 * The Dify service API (/v1) against the native threads face in the same server, offline model at zero token delay:
 * blocking turn latency and time to the first answer delta when streaming; then GET /v1/conversations with 10,000
 * conversations of one end user (written straight to the log), first and last page.
 */
export async function difyApi(): Promise<void> {
  const dataDir = newDataDir();
  let { app, url } = await startApp(dataDir, { OFFLINE_TOKEN_DELAY_MS: '0' });
  let agentId: string;
  let appKey: string;
  try {
    agentId = (await post(`${url}/agents`, { slug: 'dify-bench', name: 'Dify bench' })).agent_id;
    appKey = (await post(`${url}/agents/${agentId}/api-keys`, {})).key;
    const dify = (path: string, body?: unknown) => call(`${url}/v1${path}`, appKey, body);

    // The native face: one stream on the thread; each turn, send-message -> the run's first token_delta.
    const native: number[] = [];
    const { thread_id } = await post(`${url}/commands/create-thread`, { agent_id: agentId });
    let sentAt = 0;
    let runsEnded = 0;
    const watcher = await openStream(`${url}/threads/${thread_id}/stream`, KEY, undefined, (type) => {
      if (type === 'token_delta' && sentAt) {
        native.push(performance.now() - sentAt);
        sentAt = 0;
      }
      if (type === 'run_ended') runsEnded++;
    });
    for (let i = 0; i < TURNS; i++) {
      sentAt = performance.now();
      await post(`${url}/commands/send-message`, { thread_id, content: `turn ${i}` });
      while (runsEnded <= i) await new Promise((r) => setTimeout(r, 1));
    }
    watcher.close();
    const blocking: number[] = [];
    let conversation_id = '';
    for (let i = 0; i < TURNS; i++) {
      blocking.push(
        await timed(async () => {
          conversation_id = (await dify('/chat-messages', { inputs: {}, query: `turn ${i}`, user: 'bench', conversation_id }))
            .conversation_id;
        }),
      );
    }
    const streaming: number[] = [];
    for (let i = 0; i < TURNS; i++) {
      const body = { inputs: {}, query: `stream ${i}`, user: 'bench', conversation_id, response_mode: 'streaming' };
      const start = performance.now();
      let first = 0;
      let finished = false;
      const stream = await openStream(`${url}/v1/chat-messages`, appKey, body, (type) => {
        if (type === 'message' && !first) first = performance.now();
        if (type === 'workflow_finished') finished = true;
      });
      while (!finished) await new Promise((r) => setTimeout(r, 1));
      streaming.push(first - start);
      stream.close();
    }
    const native2: number[] = [];
    for (let i = 0; i < TURNS; i++) {
      native2.push(
        await timed(async () => {
          await post(`${url}/commands/send-message`, { thread_id, content: `again ${i}` });
          while ((await get(`${url}/threads/${thread_id}/messages`)).length < 2 * (TURNS + i + 1))
            await new Promise((r) => setTimeout(r, 2));
        }),
      );
    }
    console.log(summary(`native: send-message -> answer visible through GET (${TURNS} turns)`, native2));
    console.log(summary(`dify: POST /v1/chat-messages blocking, whole answer (${TURNS} turns)`, blocking));
    console.log(summary('native: send-message -> first token_delta on GET /threads/{id}/stream', native));
    console.log(summary('dify: POST /v1/chat-messages streaming -> first `message` event', streaming));
  } finally {
    await app.close();
  }

  const seeded = await seedConversations(dataDir, agentId, endUserId(agentId, 'crowd'));
  ({ app, url } = await startApp(dataDir, { OFFLINE_TOKEN_DELAY_MS: '0' }));
  try {
    const page = (query: string) => call(`${url}/v1/conversations?user=crowd&limit=20${query}`, appKey);
    while ((await page(`&sort_by=created_at&last_id=${seeded[seeded.length - 2]}`)).data.length === 0)
      await new Promise((r) => setTimeout(r, 50));
    for (const [label, query] of [
      ['first page', ''],
      ['last page', `&sort_by=-updated_at&last_id=${seeded[20]}`],
      ['first page by created_at', '&sort_by=created_at'],
      ['last page by created_at', `&sort_by=created_at&last_id=${seeded[seeded.length - 21]}`],
    ]) {
      const samples: number[] = [];
      for (let i = 0; i < 50; i++) samples.push(await timed(() => page(query)));
      console.log(summary(`dify: GET /v1/conversations limit=20, ${CONVERSATIONS} conversations of one end user, ${label}`, samples));
    }
  } finally {
    await app.close();
  }
}

/** Conversations as the /v1 face writes them (tagged first message, answered), straight to the log; ids oldest first. */
async function seedConversations(dataDir: string, agentId: string, endUser: string): Promise<string[]> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  const repository = new ThreadRepository(store);
  const ctx = { actor: 'bench', correlationId: 'bench', causationId: null };
  const ids: string[] = [];
  const start = performance.now();
  for (let i = 0; i < CONVERSATIONS; i++) {
    const threadId = crypto.randomUUID();
    const messageId = crypto.randomUUID();
    const runId = runIdFor(threadId, messageId);
    const dify = { conversation_id: threadId, agent_id: agentId, end_user_id: endUser, inputs: {}, first: true };
    await repository.execute({ type: 'CreateThread', threadId, ownerId: 'bench', agentId }, ctx);
    await repository.execute({ type: 'SendMessage', threadId, userId: 'bench', messageId, content: `q${i}`, metadata: { dify } }, ctx);
    await repository.execute({ type: 'StartRun', threadId, runId, replyTo: messageId }, ctx);
    await repository.execute(
      { type: 'CompleteRun', threadId, runId, replyTo: messageId, messageId: replyIdFor(runId), content: `a${i}` },
      ctx,
    );
    ids.push(threadId);
  }
  await store.close();
  console.log(`seeded ${CONVERSATIONS} Dify conversations in ${(performance.now() - start).toFixed(0)} ms`);
  return ids;
}

async function call(url: string, key: string, body?: unknown): Promise<any> {
  const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
  const r = await fetch(url, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** An SSE response (GET, or POST with `body`) read in the background, each frame's type handed to `onFrame`. */
async function openStream(url: string, key: string, body: unknown, onFrame: (type: string) => void): Promise<{ close(): void }> {
  const abort = new AbortController();
  const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const response = await fetch(url, { ...init, headers, signal: abort.signal });
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  // Dify frames carry their type in the data; the native stream in the SSE event name.
  const parser = createParser({ onEvent: (m) => onFrame(m.event ?? (JSON.parse(m.data) as { event: string }).event) });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // closed once read
    }
  })();
  return { close: () => abort.abort() };
}
