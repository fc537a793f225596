import { escapeControl } from './terminal-text';

describe('escapeControl', () => {
  it('escapes what could clear the screen, start a forged line or reorder text, and leaves the rest', () => {
    expect(escapeControl('a\u001b[2J\nforged\r\tb\u007f\u0085\u2028\u202e')).toBe(
      'a\\u001b[2J\\nforged\\r\\tb\\u007f\\u0085\\u2028\\u202e',
    );
    expect(escapeControl('plain é 漢字 "quoted" \\n')).toBe('plain é 漢字 "quoted" \\n');
  });

  it('keeps a JSON line valid JSON with the same value', () => {
    const value = { name: 'x\u0085\u2028\u009b31m' };
    expect(JSON.parse(escapeControl(JSON.stringify(value)))).toEqual(value);
  });
});
