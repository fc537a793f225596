import { BUILTIN_TOOL_NAMES, builtinTools, LOOKUP_LINE_CHARS, LOOKUP_TOTAL_CHARS, lookup } from './builtin-tools';

describe('builtin tools', () => {
  it('are the tools an agent may name, no more, no fewer', () => {
    expect(builtinTools(async () => []).map((t) => t.name)).toEqual([...BUILTIN_TOOL_NAMES]);
  });
});

describe('lookup caps', () => {
  it('cuts a huge matching line and marks the cut', () => {
    const docs = [{ id: 'f1', name: 'big.txt', content: 'revenue ' + 'x'.repeat(50_000) }];
    const out = lookup(docs, 'revenue');
    expect(out.length).toBeLessThanOrEqual(LOOKUP_LINE_CHARS);
    expect(out.startsWith('[big.txt] revenue xxx')).toBe(true);
    expect(out).toMatch(/\[\.\.\. \d+ characters cut\]$/);
    const [, kept, left] = /^(.*) \[\.\.\. (\d+) characters cut\]$/.exec(out)!;
    expect(kept.length + Number(left)).toBe('[big.txt] revenue '.length + 50_000);
  });

  it('caps the whole answer of five long passages', () => {
    const content = Array.from({ length: 5 }, (_, i) => `revenue line ${i} ` + 'y'.repeat(3_000)).join('\n');
    const out = lookup([{ id: 'f1', name: 'many.txt', content }], 'revenue');
    expect(out.length).toBeLessThanOrEqual(LOOKUP_TOTAL_CHARS);
    expect(out.length).toBeGreaterThan(LOOKUP_TOTAL_CHARS - 100);
    expect(out).toMatch(/characters cut\]$/);
    expect(out.split('\n')[0]).toMatch(/^\[many\.txt\] revenue line 0 y+ \[\.\.\. \d+ characters cut\]$/);
  });

  it('leaves short passages as they are', () => {
    const docs = [{ id: 'f1', name: 'sales.txt', content: 'Q4 revenue was 1.5M' }];
    expect(lookup(docs, 'revenue')).toBe('[sales.txt] Q4 revenue was 1.5M');
  });
});
