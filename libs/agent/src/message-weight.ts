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

/**
 * Roughly the bytes a cached value keeps alive, counting its messages as its own (several entries holding the same
 * message objects count them each, so a cache holds at most, never more than, its budget): a value's weight in the
 * caches. Cheap: text lengths only, nothing serialized.
 */
export function approximateBytes(value: unknown): number {
  if (!Array.isArray(value)) return VALUE_BYTES;
  let bytes = VALUE_BYTES + SLOT_BYTES * value.length;
  for (const item of value) bytes += itemBytes(item);
  return bytes;
}

function itemBytes(item: unknown): number {
  if (typeof item !== 'object' || item === null) return typeof item === 'string' ? 2 * item.length : 0;
  const content = (item as { content?: unknown }).content;
  // Text twice: the message's own, and its serialized key's.
  if (typeof content === 'string') return MESSAGE_BYTES + 2 * content.length;
  return MESSAGE_BYTES + 2 * (JSON.stringify(content ?? null)?.length ?? 0);
}
