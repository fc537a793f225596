import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { markStateOnly } from '@forkline/agent';
import { fromSdkMessage, toSdkMessage } from './sdk-messages';

describe('SDK messages', () => {
  it('sends a state message in LangChain dict form under its id', () => {
    expect(toSdkMessage(new HumanMessage({ content: 'hi', id: 'm1' }))).toMatchObject({ type: 'human', content: 'hi', id: 'm1' });
    expect(toSdkMessage(new AIMessage({ content: 'yo', id: 'm2' }))).toMatchObject({ type: 'ai', content: 'yo', id: 'm2', tool_calls: [] });
  });

  it("sends a message written by a state update without Forkline's mark on it", () => {
    const marked = markStateOnly(new AIMessage({ content: 'set', id: 'h1', additional_kwargs: { own: 1 } }));
    expect(toSdkMessage(marked)).toMatchObject({ type: 'ai', content: 'set', id: 'h1', additional_kwargs: { own: 1 } });
    expect(Object.keys(toSdkMessage(marked).additional_kwargs as object)).toEqual(['own']);
  });

  it('reads what clients send: type or role, an id kept or given', () => {
    const human = fromSdkMessage({ type: 'human', content: 'hi', id: 'x' }, 'values.messages[0]');
    expect([human.getType(), human.content, human.id]).toEqual(['human', 'hi', 'x']);
    const ai = fromSdkMessage({ role: 'assistant', content: 'a' }, 'f');
    expect(ai.getType()).toBe('ai');
    expect(typeof ai.id).toBe('string');
  });

  it('refuses what is no message, naming the field', () => {
    expect(() => fromSdkMessage({ type: 'robot', content: 'x' }, 'values.messages[1]')).toThrow('values.messages[1].type');
    expect(() => fromSdkMessage({ type: 'human', content: 3 }, 'm')).toThrow('m.content');
    expect(() => fromSdkMessage(7, 'm')).toThrow('m: must be a message object');
  });
});
