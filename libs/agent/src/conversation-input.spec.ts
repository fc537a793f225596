import { AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { messagesStateReducer } from '@langchain/langgraph';
import { conversationInput } from './conversation-input';
import { markStateOnly } from './state-only-messages';

describe('conversationInput: a run adds to the state only what is new', () => {
  const view = (message_id: string, role: 'user' | 'assistant' = message_id.startsWith('q') ? 'user' : 'assistant') => ({
    message_id,
    role,
    content: `text of ${message_id}`,
  });
  const conversation = ['q1', 'a1', 'q2', 'a2', 'q3'].map((id) => view(id));
  /** The state the reducer makes of `state` and the run's input, as [type, id, text]. */
  const applied = (state: BaseMessage[], input: BaseMessage[]) =>
    (messagesStateReducer(state, input) as BaseMessage[]).map((m) => [m.getType(), m.id, m.text]);
  const expected = conversation.map((m) => [m.role === 'user' ? 'human' : 'ai', m.message_id, m.content]);
  const stateOf = (ids: string[]) =>
    ids.map((id) =>
      id.startsWith('q') ? new HumanMessage({ content: `text of ${id}`, id }) : new AIMessage({ content: `text of ${id}`, id }),
    );

  it('gives an empty state the whole conversation, each message under its Forkline id', () => {
    const input = conversationInput([], conversation);
    expect(input.map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3']);
    expect(applied([], input)).toEqual(expected);
  });

  it('gives a state that is the conversation’s beginning only the messages after it (a stopped partial answer included)', () => {
    const state = stateOf(['q1', 'a1', 'q2']);
    const input = conversationInput(state, conversation);
    expect(input.map((m) => m.id)).toEqual(['a2', 'q3']);
    expect(applied(state, input)).toEqual(expected);
    expect(conversationInput(stateOf(['q1', 'a1', 'q2', 'a2', 'q3']), conversation)).toEqual([]); // a retried attempt adds nothing
  });

  it('keeps the tool rounds of earlier React runs in the state', () => {
    const state = [
      ...stateOf(['q1']),
      new AIMessage({ content: '', id: 't', tool_calls: [{ id: 'c', name: 'calculator', args: {} }] }),
      new ToolMessage({ content: '2', tool_call_id: 'c', id: 'r' }),
      ...stateOf(['a1', 'q2', 'a2']),
    ];
    expect(conversationInput(state, conversation).map((m) => m.id)).toEqual(['q3']);
  });

  it('keeps what a state update wrote where it is (no log message), whether or not the conversation went on', () => {
    const hand = markStateOnly(new AIMessage({ content: 'set by hand', id: 'hand-1' }));
    const updated = [...stateOf(['q1', 'a1', 'q2', 'a2', 'q3']), hand];
    // An update at the question not yet answered: the run answers on top of it.
    expect(conversationInput(updated, conversation)).toEqual([]);
    // The conversation went on since: only its new messages, after the one written by hand.
    const later = [...conversation, view('a3'), view('q4')];
    const input = conversationInput(updated, later);
    expect(input.map((m) => m.id)).toEqual(['a3', 'q4']);
    expect(applied(updated, input).map(([, id]) => id)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3', 'hand-1', 'a3', 'q4']);
    // The same message unmarked is one the conversation does not hold: the state restarts as the conversation.
    expect(
      conversationInput(
        [...stateOf(['q1', 'a1', 'q2', 'a2', 'q3']), new AIMessage({ content: 'x', id: 'hand-1' })],
        conversation,
      )[0].getType(),
    ).toBe('remove');
  });

  it('restarts the state as the conversation when it holds what the conversation does not', () => {
    const restarts = (state: BaseMessage[], wanted = conversation) => {
      const input = conversationInput(state, wanted);
      expect(input[0].getType()).toBe('remove');
      return applied(state, input);
    };
    // after a clear: only the messages since
    expect(restarts(stateOf(['q1', 'a1', 'q2', 'a2']), [view('q3')])).toEqual([['human', 'q3', 'text of q3']]);
    // a deleted message
    expect(restarts(stateOf(['q1', 'a1', 'q2', 'a2']), [view('q1'), view('a1'), view('q3')])).toHaveLength(3);
    // the same id with another text
    expect(restarts([new HumanMessage({ content: 'edited', id: 'q1' })])).toEqual(expected);
    // a checkpoint written before states kept message ids: the agent's system prompt first, messages without ids
    const old = [new SystemMessage('Be brief.'), new HumanMessage('text of q1'), new AIMessage('text of a1')];
    expect(restarts(old)).toEqual(expected);
  });
});
