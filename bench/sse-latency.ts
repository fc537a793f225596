import { createServer } from 'http';
import { AddressInfo } from 'net';
import { createParser } from 'eventsource-parser';
import { newDataDir, post, startApp, summary } from './bench-support';

const TOKENS = 60;
const TOKEN_GAP_MS = 20;
const TURNS = 5;
const KEY = 'bench-key-9c4e1a7f3d0b5e2c8a6f1d3b7e9c0a52';

/**
 * Token-to-client latency over SSE: a loopback OpenAI-compatible server streams numbered tokens and notes when it writes
 * each; clients in this process (same clock) parse GET /threads/{id}/stream and note when each token arrives in a
 * token_delta. With 1 and with 100 subscribers on the same run.
 */
export async function sseLatency(): Promise<void> {
  const provider = await tokenServer();
  try {
    for (const subscribers of [1, 100]) {
      const { app, url } = await startApp(newDataDir(), {
        MODEL: 'openai:bench',
        OPENAI_BASE_URL: provider.baseUrl,
        OPENAI_API_KEY: 'sk-bench',
        STREAMS_PER_USER: String(subscribers), // one user holds them all: past the default of 32
      });
      const abort = new AbortController();
      try {
        const { thread_id } = await post(`${url}/commands/create-thread`, {});
        const samples: number[] = [];
        let ended = 0;
        await Promise.all(
          Array.from({ length: subscribers }, () =>
            subscribe(`${url}/threads/${thread_id}/stream`, abort.signal, (event, data) => {
              const now = performance.now();
              if (event === 'token_delta')
                for (const token of data.data.text.split(' ').filter(Boolean)) samples.push(now - provider.sentAt(token));
              if (event === 'run_ended') ended++;
            }),
          ),
        );
        for (let turn = 1; turn <= TURNS; turn++) {
          await post(`${url}/commands/send-message`, { thread_id, content: `turn ${turn}` });
          while (ended < turn * subscribers) await new Promise((r) => setTimeout(r, 5));
        }
        console.log(
          summary(`token -> SSE client (${TOKENS} tokens ${TOKEN_GAP_MS} ms apart, ${TURNS} turns), ${subscribers} subscriber(s)`, samples),
        );
      } finally {
        abort.abort();
        await app.close();
      }
    }
  } finally {
    provider.close();
  }
}

/** Opens the stream and hands every frame to `onFrame`; resolves once the stream is open. */
async function subscribe(url: string, signal: AbortSignal, onFrame: (event: string, data: any) => void): Promise<void> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${KEY}` }, signal });
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  const parser = createParser({ onEvent: (m) => onFrame(m.event ?? 'message', JSON.parse(m.data)) });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted at the end
    }
  })();
}

/** Streams `TOKENS` unique tokens per completion, `TOKEN_GAP_MS` apart, remembering when each was written. */
async function tokenServer(): Promise<{ baseUrl: string; sentAt(token: string): number; close(): void }> {
  const sent = new Map<string, number>();
  let completions = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const id = ++completions;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null) =>
        res.write(
          `data: ${JSON.stringify({ id: `c${id}`, object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
        );
      chunk({ role: 'assistant', content: '' }, null);
      for (let i = 0; i < TOKENS; i++) {
        const token = `c${id}t${i}`;
        sent.set(token, performance.now());
        chunk({ content: `${token} ` }, null);
        await new Promise((r) => setTimeout(r, TOKEN_GAP_MS));
      }
      chunk({}, 'stop');
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    sentAt: (token) => sent.get(token) ?? NaN,
    close: () => server.close(),
  };
}
