import { assistant, collect, human, langgraphRunsServer, long } from './support/langgraph-runs';

/**
 * What wait and join answer is what the run's stream ends with (its last `values`), whichever way the run ended: wait and
 * join read the run's end, not its stream, so each is checked against a stream of the same run.
 */
describe('LangGraph runs: wait and join answer the state the run’s stream ends with', () => {
  const lg = langgraphRunsServer();
  const lastValues = async (threadId: string, runId: string) =>
    (await collect(lg.client.runs.joinStream(threadId, runId, { streamMode: ['values'] }))).filter((p) => p.event === 'values').at(-1)
      ?.data;

  it('a completed run: wait answers the conversation with its answer, as its stream ends', async () => {
    const threadId = await lg.newThread();
    const answered: any = await lg.client.runs.wait(threadId, assistant, { input: human('hello') });
    expect(answered.messages.map((m: any) => m.type)).toEqual(['human', 'ai']);
    const [run] = await lg.client.runs.list(threadId);
    expect(await lastValues(threadId, run.run_id)).toEqual(answered);
    expect(await lg.client.runs.join(threadId, run.run_id)).toEqual(answered);
  }, 60_000);

  it('a run cancelled mid-answer: wait and join answer with its partial answer; one cancelled while queued, without one', async () => {
    const threadId = await lg.newThread();
    const first = await lg.client.runs.create(threadId, assistant, { input: human(long('stopped')) });
    const queued = await lg.client.runs.create(threadId, assistant, { input: human('queued'), multitaskStrategy: 'enqueue' });
    const waited = lg.client.runs.join(threadId, first.run_id);
    await lg.firstToken(threadId, first.run_id);
    await lg.client.runs.cancel(threadId, queued.run_id, true);
    await lg.client.runs.cancel(threadId, first.run_id, true);
    const partial: any = await waited;
    // The partial answer was kept after the queued message, so the state at it holds both messages before it.
    expect(partial.messages.map((m: any) => m.type)).toEqual(['human', 'human', 'ai']);
    expect(partial.messages[2].content.length).toBeLessThan(long('stopped').length);
    expect(await lastValues(threadId, first.run_id)).toEqual(partial);
    // The queued run never started: it ends with the conversation up to its own message, no answer to it.
    const unanswered: any = await lg.client.runs.join(threadId, queued.run_id);
    expect(unanswered.messages.map((m: any) => m.content.slice(0, 7))).toEqual(['stopped', 'queued']);
    expect(await lastValues(threadId, queued.run_id)).toEqual(unanswered);
  }, 90_000);
});
