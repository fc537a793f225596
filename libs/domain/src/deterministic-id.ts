import * as crypto from 'crypto';

const NAMESPACE = 'forkline:';

/**
 * The SHA-1 of a text. The one-shot crypto.hash (Node 20.12+) costs a fifth of a createHash object, and ids are made on
 * hot paths (two per fork); an older Node takes the object.
 */
export const sha1: (text: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'buffer')
    : (text) => crypto.createHash('sha1').update(text).digest();

/** A name-based (v5-style) uuid: the same name always gives the same id, which makes retried appends idempotent. */
export function deterministicId(name: string): string {
  const h = sha1(NAMESPACE + name);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The id of the run that answers a user message in a thread, known as soon as the message is sent (a face can hand
 * it out before any worker claims the run) and the same for every attempt. A fork answering the same message is
 * another thread, so another run.
 */
export const runIdFor = (threadId: string, messageId: string): string => deterministicId(`run:${threadId}:${messageId}`);

/** The id of a run's answer (every attempt's, and a stopped run's partial one): known, like the run's, once the message is sent. */
export const replyIdFor = (runId: string): string => deterministicId(`reply:${runId}`);
