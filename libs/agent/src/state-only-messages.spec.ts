import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { clientKwargs, isStateOnly, markStateOnly, STATE_ONLY_KEY } from './state-only-messages';

describe('state-only messages: what a client wrote into a graph state by hand', () => {
  it('marks a copy of the message, of the same kind, id, text and kwargs', () => {
    const original = new HumanMessage({ content: 'hi', id: 'h1', name: 'ann', additional_kwargs: { own: 1 } });
    const marked = markStateOnly(original);
    expect([marked.getType(), marked.id, marked.content, marked.name]).toEqual(['human', 'h1', 'hi', 'ann']);
    expect(marked.additional_kwargs).toEqual({ own: 1, [STATE_ONLY_KEY]: true });
    expect([isStateOnly(marked), isStateOnly(original)]).toEqual([true, false]);
    const tool = markStateOnly(new ToolMessage({ content: '2', id: 't1', tool_call_id: 'c1' }));
    expect([tool.getType(), tool.tool_call_id, isStateOnly(tool)]).toEqual(['tool', 'c1', true]);
  });

  it('shows clients the kwargs without the mark', () => {
    expect(clientKwargs(markStateOnly(new AIMessage({ content: 'a', id: 'a1', additional_kwargs: { own: 1 } })))).toEqual({ own: 1 });
    expect(clientKwargs(new AIMessage('a'))).toEqual({});
  });
});
