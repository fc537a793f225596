import { aiChunk, fromMessageRow } from './lg-messages';

describe('LangChain message dicts for values.messages', () => {
  it('maps read-model rows by role; a chunk carries the final message id', () => {
    expect(fromMessageRow({ message_id: 'u', role: 'user', content: 'q' })).toMatchObject({ type: 'human', id: 'u', content: 'q' });
    expect(fromMessageRow({ message_id: 'a', role: 'assistant', content: 'r' })).toMatchObject({ type: 'ai', id: 'a', tool_calls: [] });
    expect(aiChunk('a', 'r')).toMatchObject({ type: 'AIMessageChunk', id: 'a', content: 'r' });
  });
});
