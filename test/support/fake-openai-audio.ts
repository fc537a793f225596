import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';

/** A request the fake received: its path and headers, and what it carried (multipart fields and file, or JSON). */
export interface AudioRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** /audio/transcriptions: the form's text fields (model, ...) and its file. */
  fields?: Record<string, string>;
  file?: { name: string; type: string; bytes: Buffer };
  /** /audio/speech: the JSON body (model, input, voice, ...). */
  json?: any;
}

/** What the scripted provider does for one request: answer (text, or audio bytes), or fail with a status and message. */
export type AudioScript = { fail: number; message: string } | { breakOff: true } | undefined;

export interface FakeOpenAiAudio {
  baseUrl: string;
  requests: AudioRequest[];
  close(): Promise<void>;
}

/** The audio the fake speaks for a request: recognisable bytes naming what was asked. */
export const spokenBytes = (json: { model: string; voice: string; input: string }) =>
  Buffer.from(`ID3-fake-mp3 model=${json.model} voice=${json.voice} input=${json.input}`);

/**
 * An OpenAI-compatible speech server on 127.0.0.1: POST /v1/audio/transcriptions (multipart: `file`, `model`) answers
 * `{"text"}`, the transcript naming the file's size and model; POST /v1/audio/speech (JSON) answers audio/mpeg bytes
 * (spokenBytes), in two chunks. `script` may make any request fail as a provider does (`{"error": {"message"}}`), or
 * break off after the first bytes.
 */
export async function startFakeOpenAiAudio(script: (request: AudioRequest) => AudioScript = () => undefined): Promise<FakeOpenAiAudio> {
  const requests: AudioRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void answer(req, Buffer.concat(chunks)).catch((error) => res.writeHead(500).end(String(error))));
    const answer = async (incoming: IncomingMessage, raw: Buffer) => {
      const path = (incoming.url ?? '').replace(/^\/v1/, '');
      const request: AudioRequest = { path, headers: incoming.headers };
      if (path === '/audio/transcriptions') {
        const form = await new Response(raw, { headers: { 'content-type': incoming.headers['content-type'] ?? '' } }).formData();
        request.fields = {};
        for (const [name, value] of form.entries()) {
          if (typeof value === 'string') request.fields[name] = value;
          else request.file = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
        }
      } else if (raw.length) request.json = JSON.parse(raw.toString('utf8'));
      requests.push(request);
      const failure = script(request);
      const json = (status: number, body: object) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (failure && 'breakOff' in failure) {
        res.writeHead(200, { 'content-type': 'audio/mpeg', 'transfer-encoding': 'chunked' }).write('ID3-part');
        return void setTimeout(() => res.destroy(), 50);
      }
      if (failure) return json(failure.fail, { error: { message: failure.message, type: 'invalid_request_error' } });
      if (incoming.method !== 'POST') return json(404, { error: { message: 'not found' } });
      if (path === '/audio/transcriptions') {
        return json(200, { text: `heard ${request.file?.bytes.length ?? 0} bytes with ${request.fields!.model}` });
      }
      if (path !== '/audio/speech') return json(404, { error: { message: `no route ${path}` } });
      const audio = spokenBytes(request.json);
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'transfer-encoding': 'chunked' });
      res.write(audio.subarray(0, 8));
      res.end(audio.subarray(8));
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
