/** Whether `next` starts with every element of `base` (the same objects, or equal in every serialized field). */
export function extendsArray(base: unknown[], next: unknown[]): boolean {
  return next.length >= base.length && commonPrefix(base, next) === base.length;
}

/** How many leading elements `a` and `b` share (see sameItem). */
export function commonPrefix(a: unknown[], b: unknown[]): number {
  let i = 0;
  while (i < a.length && i < b.length && sameItem(a[i], b[i])) i++;
  return i;
}

/** The same object, or equal in every serialized field: stored, the two read back alike. */
export const sameItem = (a: unknown, b: unknown): boolean => a === b || contentKey(a) === contentKey(b);

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
