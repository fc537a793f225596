import { tool } from '@langchain/core/tools';
import { AttachedFile } from '@forkline/domain';
import { calculate } from './calculator';

/** The names an agent's `tools` may list (builtinTools makes exactly these). */
export const BUILTIN_TOOL_NAMES = ['current_time', 'calculator', 'lookup_documents'] as const;

/**
 * The React agent's tools: safe by construction (no network, no code execution, read-only). The attached
 * documents are read only when the model looks something up.
 */
export function builtinTools(documents: () => Promise<AttachedFile[]>, now: () => Date = () => new Date()) {
  return [
    tool(async () => now().toISOString(), {
      name: 'current_time',
      description: 'The current date and time (UTC, ISO 8601).',
      schema: { type: 'object', properties: {} },
    }),
    tool(async ({ expression }: { expression: string }) => String(calculate(expression)), {
      name: 'calculator',
      description: 'Evaluates an arithmetic expression with + - * / % ^ and parentheses, e.g. "(2+3)*4".',
      schema: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
    }),
    tool(async ({ query }: { query: string }) => lookup(await documents(), query), {
      name: 'lookup_documents',
      description: 'Searches the text of the files attached to this workflow and returns the matching passages.',
      schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    }),
  ];
}

/** Characters kept of one passage, and of the whole answer: a document may be one huge line, and the answer goes into the
 * model's context untrimmed (AGENT_CONTEXT_CHARS trims the conversation, not a tool result within the current step). */
export const LOOKUP_LINE_CHARS = 2_000;
export const LOOKUP_TOTAL_CHARS = 8_000;

/** Passages (lines) of attached documents containing any query word, best first, each and all capped (the cut is marked). */
export function lookup(documents: AttachedFile[], query: string): string {
  const words = query
    .toLowerCase()
    .split(/\W+/)
    .filter((w) => w.length >= 2);
  const hits = documents.flatMap((d) =>
    (d.content ?? '').split(/\n+/).map((line) => ({ d, line, score: words.filter((w) => line.toLowerCase().includes(w)).length })),
  );
  const best = hits
    .filter((h) => h.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5);
  if (best.length === 0)
    return documents.length ? `no passage of the ${documents.length} attached document(s) matches "${query}"` : 'no documents are attached';
  return cut(best.map((h) => cut(`[${h.d.name}] ${h.line.trim()}`, LOOKUP_LINE_CHARS)).join('\n'), LOOKUP_TOTAL_CHARS);
}

/** `text` within `max` characters, ending with a marker that says how much was left out. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (left: number) => ` [... ${left} characters cut]`;
  const keep = max - marker(text.length).length;
  return text.slice(0, keep) + marker(text.length - keep);
}
