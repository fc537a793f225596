/**
 * Evaluates + - * / ^ % and parentheses over decimal numbers with a small recursive-descent parser:
 * no `eval`, so a model cannot run code through it. Throws on anything else.
 */
export function calculate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[-+*/^%()]|\S/gi) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++];

  function sum(): number {
    let value = product();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + product() : value - product();
    return value;
  }
  function product(): number {
    let value = power();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = take();
      const right = power();
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
    return value;
  }
  function power(): number {
    const base = unary();
    return peek() === '^' ? (take(), base ** power()) : base;
  }
  function unary(): number {
    if (peek() === '-') return (take(), -unary());
    if (peek() === '+') return (take(), unary());
    return atom();
  }
  function atom(): number {
    const token = take();
    if (token === '(') {
      const value = sum();
      if (take() !== ')') throw new Error('missing )');
      return value;
    }
    if (token !== undefined && /^\d/.test(token)) return Number(token);
    throw new Error(`unexpected ${token === undefined ? 'end of expression' : `'${token}'`}`);
  }

  const result = sum();
  if (at < tokens.length) throw new Error(`unexpected '${tokens[at]}'`);
  if (!Number.isFinite(result)) throw new Error('result is not a finite number');
  return result;
}
