import { HumanMessage } from '@langchain/core/messages';
import { MemorySaver } from '@langchain/langgraph';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { LiveRun } from '../live-run';
import { OfflineChatModel } from '../models/offline-chat-model';
import { runGraph } from './run-graphs';
import { RunContext } from './run-context';

function context(replyId: string, recorded: string[], model: RunContext['model'] = new OfflineChatModel()): RunContext {
  return {
    model,
    documents: async () => [],
    log: async () => undefined,
    recordReply: async (content) => recorded.push(content),
    partial: { text: '' },
    usage: { inputTokens: 0, outputTokens: 0 },
    live: new LiveRun(undefined, { threadId: 't', runId: replyId, mode: 'chat', replyTo: 'm' }),
    prompt: { contextMessages: 100, contextChars: 10_000 },
    replyId,
  };
}

const input = (text: string) => ({ messages: [new HumanMessage({ content: text, id: `m-${text}` })], threadEventNumber: 1 });

describe('runGraph (each mode compiled once, each run its own context)', () => {
  it('runs concurrent attempts on one compiled graph, each answering and recording with its own context', async () => {
    const saver = new MemorySaver();
    const [a, b] = [[], []] as string[][];
    const [ctxA, ctxB] = [context('reply-a', a), context('reply-b', b)];
    await Promise.all([
      runGraph('chat', ctxA, saver).invoke(input('alpha'), { configurable: { thread_id: 'ta' }, durability: 'exit' }),
      runGraph('chat', ctxB, saver).invoke(input('beta'), { configurable: { thread_id: 'tb' }, durability: 'exit' }),
    ]);
    expect(a).toEqual([expect.stringContaining('alpha')]);
    expect(b).toEqual([expect.stringContaining('beta')]);
    expect(a[0]).not.toContain('beta');
    expect([ctxA.partial.text, ctxB.partial.text]).toEqual([a[0], b[0]]);
    const state = await saver.getTuple({ configurable: { thread_id: 'ta' } });
    expect(state!.checkpoint.channel_values.messages).toEqual([
      expect.objectContaining({ id: 'm-alpha' }),
      expect.objectContaining({ id: 'reply-a', content: a[0] }),
    ]);
  });

  it('keeps the run context out of what the checkpointer stores', async () => {
    const saver = new MemorySaver();
    await runGraph('chat', context('reply-c', []), saver).invoke(input('gamma'), { configurable: { thread_id: 'tc' }, durability: 'exit' });
    const tuple = await saver.getTuple({ configurable: { thread_id: 'tc' } });
    expect(Object.keys(tuple!.config.configurable ?? {})).not.toContain('forkline_run_context');
    expect(Object.keys(tuple!.metadata ?? {})).not.toContain('forkline_run_context');
  });

  it('fails a React attempt whose model cannot call tools before its graph runs', () => {
    const model = new FakeListChatModel({ responses: ['x'] });
    Object.defineProperty(model, 'bindTools', { value: undefined });
    expect(() => runGraph('react', context('reply-d', [], model), new MemorySaver())).toThrow(/cannot call tools/);
  });
});
