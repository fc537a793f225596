/** Whether `next` starts with every element of `base` (the same objects, or equal in every serialized field). */
export function extendsArray(base: unknown[], next: unknown[]): boolean {
  if (next.length < base.length) return false;
  for (let i = 0; i < base.length; i++) if (base[i] !== next[i] && contentKey(base[i]) !== contentKey(next[i])) return false;
  return true;
}

export const sameArray = (a: unknown, b: unknown): boolean =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && extendsArray(a, b));

const keys = new WeakMap<object, string>();

/**
 * Everything that would be stored: a LangChain message's JSON form carries all its fields (status,
 * artifact, metadata...), so two elements with equal keys decode to the same value. Cached per object.
 */
export function contentKey(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  let key = keys.get(value);
  if (key === undefined) keys.set(value, (key = JSON.stringify(value) ?? 'undefined'));
  return key;
}
