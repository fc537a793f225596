/**
 * C0 and C1 controls, DEL, Unicode line separators and bidirectional overrides: what lets stored text
 * move the cursor, clear the operator's terminal, start a forged line or reorder what is shown.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The text with every such character written as an escape (`\n`, `\u001b`, ...). JSON escapes, so a JSON
 * line stays valid JSON with the same value.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
