import type { Response } from 'express';
import { SdkMessage, toSdkMessage } from './sdk-messages';

/**
 * What a message was converted and serialized to, with the id and content it had then: a checkpoint's message objects
 * are snapshots (and shared by every later checkpoint of the thread through the checkpointer's cache), but one whose id
 * or content did change is converted again rather than answered stale.
 */
interface Converted {
  id: unknown;
  content: unknown;
  sdk: SdkMessage;
  /** Its JSON as bytes: a page is these concatenated (no string of the whole page is built, nor encoded again). */
  json?: Buffer;
}

const converted = new WeakMap<object, Converted>();

function conversionOf(message: unknown): Converted | null {
  if (typeof message !== 'object' || message === null) return null;
  const { id, content } = message as { id?: unknown; content?: unknown };
  const known = converted.get(message);
  if (known && known.id === id && known.content === content) return known;
  const fresh = { id, content, sdk: toSdkMessage(message) };
  converted.set(message, fresh);
  return fresh;
}

/** toSdkMessage, once per message object: every checkpoint of a 1,000-turn thread holds the same 2,000 messages. */
export function sdkMessageOf(message: unknown): SdkMessage {
  return conversionOf(message)?.sdk ?? toSdkMessage(message);
}

/** A message's JSON, serialized once per (SDK form) message object. */
function messageJson(message: unknown): Buffer {
  const conversion = conversionOf(message);
  if (!conversion) return Buffer.from(JSON.stringify(message) ?? 'null');
  conversion.json ??= Buffer.from(JSON.stringify(conversion.sdk));
  return conversion.json;
}

const COMMA = Buffer.from(',');

/** Appends the JSON of an answer holding a state's `values`: its messages from their cached bytes, the rest by JSON.stringify. */
function pushAnswer(answer: { values: Record<string, unknown> }, parts: Buffer[]): void {
  const { values, ...rest } = answer;
  parts.push(Buffer.from('{"values":'));
  pushValues(values, parts);
  const others = JSON.stringify(rest);
  parts.push(Buffer.from(`${others === '{}' ? '' : `,${others.slice(1, -1)}`}}`));
}

/** Appends the JSON of a state's values: its `messages` from their cached bytes, every other channel by JSON.stringify. */
function pushValues(values: object, parts: Buffer[]): void {
  parts.push(Buffer.from('{'));
  let first = true;
  for (const [channel, value] of Object.entries(values)) {
    // What JSON.stringify leaves out of an object.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    parts.push(Buffer.from(`${first ? '' : ','}${JSON.stringify(channel)}:`));
    first = false;
    if (channel === 'messages' && Array.isArray(value)) {
      parts.push(Buffer.from('['));
      value.forEach((m, i) => (i > 0 ? parts.push(COMMA, messageJson(m)) : parts.push(messageJson(m))));
      parts.push(Buffer.from(']'));
    } else parts.push(Buffer.from(JSON.stringify(value)));
  }
  parts.push(Buffer.from('}'));
}

/**
 * The JSON of an answer holding a state's `values` (a ThreadState, a thread), or of a list of them (a history page):
 * each message is serialized once and its bytes reused. A history page of 10 states at 1,000 turns holds 20,000
 * messages, 2,000 distinct ones; JSON.stringify would serialize all 20,000 and encode the 4.6 MB string again.
 */
export function answerJson(answer: { values: Record<string, unknown> } | Array<{ values: Record<string, unknown> }>): Buffer {
  const parts: Buffer[] = [];
  if (!Array.isArray(answer)) pushAnswer(answer, parts);
  else {
    parts.push(Buffer.from('['));
    answer.forEach((a, i) => {
      if (i > 0) parts.push(COMMA);
      pushAnswer(a, parts);
    });
    parts.push(Buffer.from(']'));
  }
  return Buffer.concat(parts);
}

/**
 * The JSON of a state's values itself (what runs/wait and join answer: the values, or `{__error__}`): messages from their
 * cached bytes, as in answerJson. A thread's messages are immutable once written, so each turn serializes only its new ones.
 */
export function valuesJson(values: object): Buffer {
  const parts: Buffer[] = [];
  pushValues(values, parts);
  return Buffer.concat(parts);
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends prepared JSON as the route's answer, byte for byte as Express's `type('application/json').send(json)` does, without
 * its detours (the type looked up by extension, a freshness check, settings) unless they could change the answer: HEAD,
 * a conditional request, an answer without body (204, 205, 304), ETags on the app. The route takes the response without
 * passthrough: Nest would send a returned Buffer through res.json, as an object.
 */
export function sendJson(response: Response, json: Buffer): void {
  const { method, headers } = response.req;
  const status = response.statusCode;
  if (
    method === 'HEAD' ||
    headers['if-none-match'] !== undefined ||
    headers['if-modified-since'] !== undefined ||
    status === 204 ||
    status === 205 ||
    status === 304 ||
    response.app.get('etag fn')
  )
    return void response.type('application/json').send(json);
  response.setHeader('Content-Type', JSON_TYPE);
  response.setHeader('Content-Length', String(json.length));
  response.end(json);
}
