import { calculate } from './calculator';
import { lookup } from './builtin-tools';

describe('calculate', () => {
  it.each([
    ['2+3*4', 14],
    ['(2+3)*4', 20],
    ['2^3^2', 512],
    ['-3 + 10 / 4', -0.5],
    ['7 % 4', 3],
    ['1.5e2 - 50', 100],
  ])('%s = %d', (expression, expected) => expect(calculate(expression)).toBe(expected));

  it.each(['', '2+', 'process.exit()', '(1', '1/0', '2 3'])('refuses %j', (expression) => {
    expect(() => calculate(expression)).toThrow();
  });
});

describe('lookup', () => {
  const docs = [{ id: 'f1', name: 'sales.txt', content: 'Q3 revenue was 1.2M\nQ4 revenue was 1.5M\nHeadcount 12' }];
  it('returns the passages that match, best first', () => {
    expect(lookup(docs, 'Q4 revenue')).toBe('[sales.txt] Q4 revenue was 1.5M\n[sales.txt] Q3 revenue was 1.2M');
    expect(lookup(docs, 'weather')).toMatch(/no passage/);
    expect(lookup([], 'anything')).toBe('no documents are attached');
  });
});
