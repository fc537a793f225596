/**
 * Bytes each of the agent's two message caches (decoded checkpoint values, the conversations runs last saw) may hold by
 * default (AGENT_CACHE_MB), by approximateBytes: a few thousand conversations' latest values for typical chats.
 */
export const DEFAULT_AGENT_CACHE_BYTES = 32 * 2 ** 20;

/**
 * What a message object keeps alive besides its text: its LangChain fields (kwargs, metadata, id) came to about 630
 * bytes a message measured, and its serialized key (value-identity) as much again with the text once more.
 */
const MESSAGE_BYTES = 1024;
/** A value that is no array (a version, an event number, a short record), and each slot of an array. */
const VALUE_BYTES = 64;
const SLOT_BYTES = 8;
/** Deeper than this a value is weighed by its JSON text. */
const MAX_DEPTH = 8;

/**
 * Roughly the bytes a cached value keeps alive, counting its messages as its own (several entries holding the same
 * message objects count them each, so a cache holds at most, never more than, its budget): a value's weight in the
 * caches. Cheap: text lengths only; a record is weighed by what it holds (a run's input is `{messages: [...]}`).
 */
export function approximateBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return VALUE_BYTES + 2 * value.length;
  if (typeof value !== 'object' || value === null) return VALUE_BYTES;
  if (Array.isArray(value)) {
    let bytes = VALUE_BYTES + SLOT_BYTES * value.length;
    for (const item of value) bytes += approximateBytes(item, depth + 1);
    return bytes;
  }
  const content = (value as { content?: unknown }).content;
  // A message: its text twice, its own and its serialized key's.
  if (typeof content === 'string') return MESSAGE_BYTES + 2 * content.length;
  if (content !== undefined) return MESSAGE_BYTES + 2 * (JSON.stringify(content)?.length ?? 0);
  if (depth >= MAX_DEPTH) return VALUE_BYTES + 2 * (JSON.stringify(value)?.length ?? 0);
  let bytes = VALUE_BYTES;
  for (const key in value) bytes += SLOT_BYTES + 2 * key.length + approximateBytes((value as Record<string, unknown>)[key], depth + 1);
  return bytes;
}
