import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { approximateBytes } from './message-weight';

describe('approximateBytes', () => {
  const text = 'x'.repeat(50_000);
  const messages = [new HumanMessage({ id: 'h1', content: text }), new AIMessage({ id: 'a1', content: 'ok' })];

  it('weighs a message by its text', () => {
    expect(approximateBytes([messages[0]])).toBeGreaterThan(2 * text.length);
  });

  it('weighs a record by what it holds, as a run input {messages: [...]} is cached', () => {
    const input = { messages };
    expect(approximateBytes(input)).toBeGreaterThanOrEqual(approximateBytes(messages));
    expect(approximateBytes({ nested: { deeper: input } })).toBeGreaterThan(approximateBytes(input));
  });

  it('weighs a message sent without an array, and plain strings, by their text', () => {
    expect(approximateBytes({ type: 'human', content: text })).toBeGreaterThan(2 * text.length);
    expect(approximateBytes(text)).toBeGreaterThan(2 * text.length);
    expect(approximateBytes({ content: [{ type: 'text', text }] })).toBeGreaterThan(2 * text.length);
  });

  it('weighs a value nested past its walk by its JSON text', () => {
    let deep: unknown = { text };
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(approximateBytes(deep)).toBeGreaterThan(2 * text.length);
  });
});
