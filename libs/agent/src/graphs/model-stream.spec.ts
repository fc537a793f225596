import { AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { OfflineChatModel } from '../models/offline-chat-model';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseMessage } from '@langchain/core/messages';
import { ChunkJoin, eachModelChunk, messageText } from './model-stream';

const fieldsOf = (m: AIMessageChunk) => ({
  content: m.content,
  id: m.id,
  additional_kwargs: m.additional_kwargs,
  response_metadata: m.response_metadata,
  tool_call_chunks: m.tool_call_chunks,
  tool_calls: m.tool_calls,
  usage_metadata: m.usage_metadata,
});

/** What AIMessageChunk.concat, one chunk after the other, makes of them. */
const concatenated = (chunks: AIMessageChunk[]) => chunks.reduce((a, b) => a.concat(b));
const joined = (chunks: AIMessageChunk[]) => {
  const join = new ChunkJoin();
  for (const c of chunks) join.add(c);
  return join.result();
};

describe('ChunkJoin', () => {
  const text = (content: string, id?: string) => new AIMessageChunk({ content, id });
  const cases: Record<string, AIMessageChunk[]> = {
    'text only': [text('a '), text('b '), text('c')],
    'ids from the first chunk that has one': [text('a'), text('b', 'run-1'), text('c', 'run-1'), text('d', 'other')],
    'usage on the last chunk': [
      text('a'),
      text('b'),
      new AIMessageChunk({ content: '', usage_metadata: { input_tokens: 3, output_tokens: 2, total_tokens: 5 } }),
    ],
    'metadata in between': [text('a'), new AIMessageChunk({ content: 'b', response_metadata: { model: 'm' } }), text('c')],
    'tool call chunks': [
      text('calling'),
      new AIMessageChunk({ content: '', tool_call_chunks: [{ name: 'calc', args: '{"a":', id: 't1', index: 0, type: 'tool_call_chunk' }] }),
      new AIMessageChunk({ content: '', tool_call_chunks: [{ args: '1}', index: 0, type: 'tool_call_chunk' }] }),
      text(' done'),
    ],
    'content blocks': [text('a'), new AIMessageChunk({ content: [{ type: 'text', text: 'b' }] }), text('c')],
    'empty texts': [text(''), text('')],
  };
  it.each(Object.entries(cases))('joins %s as concat does', (_, chunks) => {
    expect(fieldsOf(joined(chunks))).toEqual(fieldsOf(concatenated(chunks)));
  });

  it('is an empty message when nothing was streamed', () => {
    expect(joined([]).content).toBe('');
  });
});

/** The chunks eachModelChunk hands over, in order. */
const modelChunks = async (model: BaseChatModel, messages: BaseMessage[], signal?: AbortSignal) => {
  const chunks: AIMessageChunk[] = [];
  await eachModelChunk(model, messages, signal, (c) => void chunks.push(c));
  return chunks;
};

describe('eachModelChunk', () => {
  it("streams a chat model's answer through its own iterator, the same chunks as stream()", async () => {
    const model = new OfflineChatModel();
    const messages = [new HumanMessage('hello')];
    const texts = async (chunks: Iterable<AIMessageChunk> | AsyncIterable<AIMessageChunk>) => {
      const out: string[] = [];
      for await (const c of chunks) out.push(messageText(c));
      return out;
    };
    const direct = await texts(await modelChunks(model, messages));
    expect(direct.length).toBeGreaterThan(3);
    expect(direct).toEqual(await texts(await model.stream(messages)));
  });

  it("with no handler, yields the chunks the model's own iterator does; with one, the handler sees the call", async () => {
    const messages = [new HumanMessage('hello there')];
    const fields = async (chunks: Iterable<AIMessageChunk> | AsyncIterable<AIMessageChunk>) => {
      const out: ReturnType<typeof fieldsOf>[] = [];
      for await (const c of chunks) out.push(fieldsOf(c));
      return out;
    };
    const bare = await fields(await modelChunks(new OfflineChatModel(), messages));
    expect(bare.length).toBeGreaterThan(3);
    expect(bare).toEqual(await fields(new OfflineChatModel()._streamIterator(messages)));
    const ended: unknown[] = [];
    const observed = new OfflineChatModel({ callbacks: [{ handleLLMEnd: (output) => void ended.push(output) }] });
    // Observed, the model's iterator also names each chunk after its run.
    const withoutIds = (chunks: ReturnType<typeof fieldsOf>[]) => chunks.map(({ id: _id, ...rest }) => rest);
    expect(withoutIds(await fields(await modelChunks(observed, messages)))).toEqual(withoutIds(bare));
    expect(ended).toHaveLength(1);
  });

  it('stops with the signal', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const read = eachModelChunk(new OfflineChatModel(), [new HumanMessage('hello')], controller.signal, (c) => {
      seen.push(messageText(c));
      controller.abort();
    });
    await expect(read).rejects.toThrow();
    expect(seen).toHaveLength(1);
  });
});
