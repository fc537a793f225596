import { inputMessage } from './run-input';

describe('a run input’s human message', () => {
  it('takes one human message as LangChain dicts or role/content, text blocks joined', () => {
    expect(inputMessage({ messages: [{ type: 'human', content: 'hi' }] })).toBe('hi');
    expect(
      inputMessage({
        messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }] }],
      }),
    ).toBe('ab');
    expect(inputMessage(null)).toBeNull();
  });

  it('refuses anything else naming the field', () => {
    expect(() => inputMessage({})).toThrow('input.messages: must be a list');
    expect(() => inputMessage({ messages: [] })).toThrow('exactly one');
    expect(() => inputMessage({ messages: [{ type: 'ai', content: 'x' }] })).toThrow('input.messages.0.type');
    expect(() => inputMessage({ messages: [{ type: 'human', content: '  ' }] })).toThrow('input.messages.0.content: must not be empty');
    expect(() => inputMessage({ messages: [{ type: 'human', content: 5 }] })).toThrow('input.messages.0.content');
    expect(() => inputMessage({ messages: ['x'] })).toThrow('input.messages.0: must be a message object');
  });
});
