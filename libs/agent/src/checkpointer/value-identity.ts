/** Whether `next` starts with every element of `base` (same objects, or equal by content). */
export function extendsArray(base: unknown[], next: unknown[]): boolean {
  if (next.length < base.length) return false;
  for (let i = 0; i < base.length; i++) if (base[i] !== next[i] && contentKey(base[i]) !== contentKey(next[i])) return false;
  return true;
}

export const sameArray = (a: unknown, b: unknown): boolean =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && extendsArray(a, b));

/** A message is known by its type, id and what it says; anything else by its JSON. */
function contentKey(value: unknown): string {
  const m = value as { getType?: () => string; content?: unknown; id?: string; tool_calls?: unknown; tool_call_id?: string; name?: string };
  if (m && typeof m.getType === 'function') return JSON.stringify([m.getType(), m.id ?? null, m.content, m.tool_calls ?? null, m.tool_call_id ?? null, m.name ?? null]);
  return JSON.stringify(value) ?? 'undefined';
}
