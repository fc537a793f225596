import { hash } from 'crypto';

const NAMESPACE = 'forkline:';

/**
 * The SHA-1 of a text with the one-shot hash: ids are made on hot paths (some seven a turn, two a fork), and createHash's
 * Hash object cost as much as the digest.
 */
export const sha1 = (text: string): Buffer => hash('sha1', text, 'buffer');

/** A name-based (v5-style) uuid: the same name always gives the same id, which makes retried appends idempotent. */
export function deterministicId(name: string): string {
  const h = sha1(NAMESPACE + name);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.toString('hex', 0, 16);
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
