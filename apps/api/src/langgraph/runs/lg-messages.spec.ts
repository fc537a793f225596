import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { aiChunk, fromMessageRow, fromStateMessage } from './lg-messages';

describe('LangChain message dicts for values.messages', () => {
  it('maps state messages with their Forkline ids, tool calls kept', () => {
    expect(fromStateMessage(new HumanMessage({ content: 'hi', id: 'm1' }))).toEqual({
      type: 'human',
      content: 'hi',
      id: 'm1',
      additional_kwargs: {},
      response_metadata: {},
    });
    const call = { id: 'c1', name: 'clock', args: {}, type: 'tool_call' as const };
    expect(fromStateMessage(new AIMessage({ content: '', id: 'm2', tool_calls: [call] }))).toMatchObject({
      type: 'ai',
      id: 'm2',
      tool_calls: [call],
    });
    expect(fromStateMessage(new ToolMessage({ content: '12:00', id: 'm3', tool_call_id: 'c1' }))).toMatchObject({
      type: 'tool',
      tool_call_id: 'c1',
    });
  });

  it('maps read-model rows by role; a chunk carries the final message id', () => {
    expect(fromMessageRow({ message_id: 'u', role: 'user', content: 'q' })).toMatchObject({ type: 'human', id: 'u', content: 'q' });
    expect(fromMessageRow({ message_id: 'a', role: 'assistant', content: 'r' })).toMatchObject({ type: 'ai', id: 'a', tool_calls: [] });
    expect(aiChunk('a', 'r')).toMatchObject({ type: 'AIMessageChunk', id: 'a', content: 'r' });
  });
});
