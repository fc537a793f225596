import { tool } from '@langchain/core/tools';
import { AttachedFile } from '@forkline/domain';
import { calculate } from './calculator';

/** The React agent's tools: safe by construction (no network, no code execution, read-only). */
export function builtinTools(documents: AttachedFile[], now: () => Date = () => new Date()) {
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
    tool(async ({ query }: { query: string }) => lookup(documents, query), {
      name: 'lookup_documents',
      description: 'Searches the text of the files attached to this workflow and returns the matching passages.',
      schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    }),
  ];
}

/** Passages (lines) of attached documents containing any query word, best first. */
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
  return best.map((h) => `[${h.d.name}] ${h.line.trim()}`).join('\n');
}
