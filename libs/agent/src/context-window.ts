/** A message as the model is given it. */
export interface ContextMessage {
  role: string;
  content: string;
}

/**
 * The newest messages whose text fits in `maxChars`, oldest first: what a run sends the model. The
 * newest message (the one being answered) is always sent, cut to `maxChars` if it alone is longer.
 */
export function fitContext<M extends ContextMessage>(messages: M[], maxChars: number): M[] {
  const kept: M[] = [];
  let chars = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (kept.length === 0 && m.content.length > maxChars) return [{ ...m, content: m.content.slice(0, maxChars) }];
    if (chars + m.content.length > maxChars) break;
    chars += m.content.length;
    kept.push(m);
  }
  return kept.reverse();
}
