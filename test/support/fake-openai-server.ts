import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';

export interface FakeOpenAi {
  baseUrl: string;
  requests: Array<{ headers: IncomingMessage['headers']; body: any }>;
  close(): Promise<void>;
}

export interface ChatRequestMessage {
  role: string;
  content: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

/** What the scripted provider answers: text, tool calls, null for a 500, or a 500 with the given error message. */
export type ScriptedAnswer = string | { toolCalls: Array<{ name: string; args: Record<string, unknown> }> } | { fail: string } | null;

export const USAGE_PER_CALL = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

/**
 * A minimal OpenAI-compatible chat completions server on 127.0.0.1 (the provider edge is the only
 * place a fake is allowed). Streams text or tool calls the way OpenAI does, with a usage chunk.
 */
export interface FakeOpenAiOptions {
  /** A pause before each streamed token (a slow provider), by request: 0 or absent streams at once. */
  tokenDelayMs?: (messages: ChatRequestMessage[]) => number;
}

export async function startFakeOpenAi(
  answer: (messages: ChatRequestMessage[], body: any) => ScriptedAnswer,
  options: FakeOpenAiOptions = {},
): Promise<FakeOpenAi> {
  const requests: FakeOpenAi['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      requests.push({ headers: req.headers, body });
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const reply = answer(body.messages, body);
      if (reply === null || (typeof reply === 'object' && 'fail' in reply)) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: reply?.fail ?? 'scripted failure', type: 'server_error' } }));
        return;
      }
      const base = { id: 'chatcmpl-fake', created: Math.floor(Date.now() / 1000), model: body.model };
      const toolCalls =
        typeof reply === 'string'
          ? []
          : reply.toolCalls.map((c, i) => ({
              index: i,
              id: `call_${requests.length}_${i}`,
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.args) },
            }));
      const text = typeof reply === 'string' ? reply : '';
      if (!body.stream) {
        const message = {
          role: 'assistant',
          content: text || null,
          ...(toolCalls.length && { tool_calls: toolCalls.map(({ index: _, ...c }) => c) }),
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' }],
            usage: USAGE_PER_CALL,
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const send = (payload: object) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...payload })}\n\n`);
      const chunk = (delta: object, finish: string | null) => send({ choices: [{ index: 0, delta, finish_reason: finish }] });
      chunk({ role: 'assistant', content: '' }, null);
      const tokens = text ? text.split(/(?<= )/) : [];
      const finish = () => {
        if (toolCalls.length) chunk({ tool_calls: toolCalls }, null);
        chunk({}, toolCalls.length ? 'tool_calls' : 'stop');
        if (body.stream_options?.include_usage) send({ choices: [], usage: USAGE_PER_CALL });
        res.end('data: [DONE]\n\n');
      };
      const delay = options.tokenDelayMs?.(body.messages) ?? 0;
      if (delay <= 0) {
        tokens.forEach((token) => chunk({ content: token }, null));
        return finish();
      }
      let gone = false; // the client went away (a killed process) mid-stream
      res.on('error', () => undefined).on('close', () => (gone = true));
      const next = () => {
        if (gone) return;
        const token = tokens.shift();
        if (token === undefined) return finish();
        chunk({ content: token }, null);
        setTimeout(next, delay);
      };
      setTimeout(next, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
