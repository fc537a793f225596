import { AIMessage, AIMessageChunk, BaseMessage, HumanMessage, RemoveMessage, ToolMessage } from '@langchain/core/messages';
import { messagesStateReducer, REMOVE_ALL_MESSAGES } from '@langchain/langgraph';
import { appendMessages } from './append-messages';

describe('appendMessages: the messages reducer, without its per-message work when new messages are only appended', () => {
  const h = (id: string, text = `text of ${id}`) => new HumanMessage({ content: text, id });
  const a = (id: string, text = `text of ${id}`) => new AIMessage({ content: text, id });
  const shape = (messages: BaseMessage[]) => messages.map((m) => [m.constructor.name, m.id, m.text]);
  const state = () => [h('q1'), a('a1'), new ToolMessage({ content: '2', tool_call_id: 'c', id: 't1' }), h('q2')];

  it('appends new messages to the very objects of the state, as the reducer does', () => {
    const before = state();
    const added = [a('a2'), h('q3')];
    const appended = appendMessages(before, added);
    expect(appended).toEqual(messagesStateReducer(state(), [a('a2'), h('q3')]));
    expect(appended.every((m, i) => m === [...before, ...added][i])).toBe(true);
    expect(appended).not.toBe(before);
    expect(appendMessages([], added)).toEqual([...added]);
  });

  it.each([
    ['a message the state holds (replaced in place)', [h('q2', 'edited'), a('a2')]],
    ['the same id twice', [a('a2'), a('a2', 'again')]],
    ['a removal', [new RemoveMessage({ id: 'a1' })]],
    ['a removal of everything', [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), h('q9')]],
    ['a chunk (made a message)', [new AIMessageChunk({ content: 'chunk', id: 'a2' })]],
  ])('leaves %s to the reducer', (_, added) => {
    expect(shape(appendMessages(state(), added))).toEqual(shape(messagesStateReducer(state(), added)));
  });

  it('leaves a state with a chunk or a message without id to the reducer', () => {
    const chunky = [...state(), new AIMessageChunk({ content: 'partial', id: 'c1' })];
    expect(shape(appendMessages(chunky, [h('q3')]))).toEqual(shape(messagesStateReducer(chunky, [h('q3')])));
    expect(appendMessages(chunky, [h('q3')])[4]).not.toBeInstanceOf(AIMessageChunk);
    const unnamed = [new HumanMessage('no id')];
    const appended = appendMessages(unnamed, [h('q3')]);
    expect(typeof appended[0].id).toBe('string'); // given one, as the reducer gives it
    expect(appended.map((m) => m.text)).toEqual(['no id', 'text of q3']);
  });
});
