import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { modelPrompt } from './model-prompt';

describe('modelPrompt: the context window and the system prompt are applied at the model call', () => {
  const human = (text: string) => new HumanMessage({ content: text, id: `id-${text}` });
  const ai = (text: string) => new AIMessage({ content: text, id: `id-${text}` });
  const shape = (ms: ReturnType<typeof modelPrompt>) => ms.map((m) => [m.getType(), m.text]);
  const settings = { contextMessages: 100, contextChars: 1000 };

  it('sends a graph’s instructions, then the agent’s system prompt, then the conversation, without touching the state', () => {
    const state = [human('q1'), ai('a1'), human('q2')];
    const sent = modelPrompt({ ...settings, systemPrompt: 'Be brief.' }, state, 'Plan first.');
    expect(shape(sent)).toEqual([
      ['system', 'Plan first.'],
      ['system', 'Be brief.'],
      ['human', 'q1'],
      ['ai', 'a1'],
      ['human', 'q2'],
    ]);
    // Fresh messages, as when the window was the run's input: the state's ids never reach a provider.
    expect(sent.map((m) => m.id)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(state.map((m) => m.id)).toEqual(['id-q1', 'id-a1', 'id-q2']);
    expect(shape(modelPrompt({ ...settings, systemPrompt: '' }, state))).toEqual(shape(state)); // an empty prompt is none
  });

  it('trims to the newest contextMessages, then to the newest that fit in contextChars, cutting the one being answered', () => {
    const state = [human('q1'), ai('a1'), human('q2'), ai('a2'), human('q3')];
    expect(shape(modelPrompt({ ...settings, contextMessages: 3 }, state))).toEqual([
      ['human', 'q2'],
      ['ai', 'a2'],
      ['human', 'q3'],
    ]);
    expect(shape(modelPrompt({ contextMessages: 100, contextChars: 5 }, state))).toEqual([
      ['ai', 'a2'],
      ['human', 'q3'],
    ]);
    expect(shape(modelPrompt({ contextMessages: 100, contextChars: 2 }, [human('long question')]))).toEqual([['human', 'lo']]);
  });

  it('sends this run’s tool rounds after the conversation, and leaves earlier runs’ tool rounds out of it', () => {
    const call = (id: string) => new AIMessage({ content: '', id, tool_calls: [{ id: `c-${id}`, name: 'calculator', args: {} }] });
    const result = (id: string) => new ToolMessage({ content: '42', tool_call_id: `c-${id}`, id: `r-${id}` });
    const state = [human('q1'), call('t1'), result('t1'), ai('a1'), human('q2'), call('t2'), result('t2')];
    const sent = modelPrompt({ ...settings, contextMessages: 3 }, state, 'Use tools.');
    expect(shape(sent)).toEqual([
      ['system', 'Use tools.'],
      ['human', 'q1'],
      ['ai', 'a1'],
      ['human', 'q2'],
      ['ai', ''],
      ['tool', '42'],
    ]);
    expect(sent.slice(-2)).toEqual(state.slice(-2));
  });
});
