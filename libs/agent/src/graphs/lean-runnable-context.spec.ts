import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { getContextVariable, setContextVariable } from '@langchain/core/context';
import { RunnableLambda } from '@langchain/core/runnables';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { Annotation, Command, END, getConfig, interrupt, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { installLeanRunnableContext } from './lean-runnable-context';

class Recorder extends BaseCallbackHandler {
  name = 'recorder';
  started: string[] = [];
  handleChainStart(
    _chain: unknown,
    _inputs: unknown,
    _runId: string,
    _parent?: string,
    _tags?: string[],
    _meta?: unknown,
    _type?: string,
    name?: string,
  ) {
    this.started.push(name ?? '?');
  }
}

describe('installLeanRunnableContext', () => {
  beforeAll(() => installLeanRunnableContext());

  const State = Annotation.Root({ seen: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }) });
  const graph = (checkpointer = new MemorySaver()) =>
    new StateGraph(State)
      .addNode('look', async () => {
        const config = getConfig();
        const nested = await RunnableLambda.from(async () => String(getConfig().configurable?.thread_id)).invoke(null);
        return { seen: [`${config.configurable?.thread_id}`, nested, String(getContextVariable('who'))] };
      })
      .addNode('ask', async () => ({ seen: [String(interrupt('name?'))] }))
      .addEdge(START, 'look')
      .addEdge('look', 'ask')
      .addEdge('ask', END)
      .compile({ checkpointer });

  it('carries the config and context variables into nodes and nested runnables; interrupts and resumes', async () => {
    const g = graph();
    const config = { configurable: { thread_id: 't1' } };
    await RunnableLambda.from(async () => {
      setContextVariable('who', 'caller');
      return g.invoke({}, config);
    }).invoke(null);
    expect((await g.getState(config)).next).toEqual(['ask']);
    const done = await g.invoke(new Command({ resume: 'Ada' }), config);
    expect(done.seen).toEqual(['t1', 't1', 'caller', 'Ada']);
  });

  it('still calls the callbacks, and builds no LangSmith run tree without a tracer', async () => {
    const recorder = new Recorder();
    const stores: unknown[] = [];
    await RunnableLambda.from(async () => stores.push(AsyncLocalStorageProviderSingleton.getInstance().getStore())).invoke(null, {
      callbacks: [recorder],
    });
    await graph().invoke({}, { configurable: { thread_id: 't2' }, callbacks: [recorder] });
    expect(recorder.started).toEqual(expect.arrayContaining(['look', 'ask']));
    expect(stores[0]).not.toHaveProperty('trace_id');
  });
});
