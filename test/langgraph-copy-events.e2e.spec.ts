import { EVENT_STORE, EventStore } from './support/events';
import { langgraphApp } from './support/langgraph-app';

const TURNS = 300;
const human = (content: string) => ({ input: { messages: [{ type: 'human', content }] } });

/**
 * Issue 16: a copy of a long thread writes O(1) events. Counted in the whole log (every stream, not only the copy's),
 * for a copy of a 300-turn thread and of a 2-turn one, through the SDK client: the same number of events.
 */
describe('LangGraph copy: events appended, whatever the length of the thread', () => {
  const lg = langgraphApp();

  /** The events a copy of `threadId` appends, by type, read from the log after its head before the copy. */
  const copyEvents = async (threadId: string) => {
    const log = lg.app.app.get<EventStore>(EVENT_STORE);
    const before = await log.headPosition();
    const copy = await lg.client.threads.copy(threadId);
    const appended = await log.readAll({ after: before });
    return { copy, types: appended.map((e) => e.type) };
  };

  it(`appends as many events to copy a ${TURNS}-turn thread as a 2-turn one`, async () => {
    const [assistant] = await lg.client.assistants.search();
    const seeded = async (turns: number) => {
      const { thread_id } = await lg.client.threads.create({ metadata: { turns } });
      for (let i = 0; i < turns; i++) await lg.client.runs.wait(thread_id, assistant.assistant_id, human(`turn ${i}`));
      return thread_id;
    };
    const [short, long] = [await seeded(2), await seeded(TURNS)];
    const history = await lg.client.threads.getHistory(long, { limit: 1000 });
    expect(history.length).toBeGreaterThanOrEqual(TURNS); // a checkpoint per turn at least: a copy of each would show
    const ofShort = await copyEvents(short);
    const ofLong = await copyEvents(long);
    expect(ofLong.types).toEqual(ofShort.types);
    expect(ofLong.types).toEqual(['BranchForked', 'ThreadForked', 'LangGraphMetadataSet']); // in the fork registry, the copy, its metadata
    expect((await lg.client.threads.getState<{ messages: unknown[] }>(ofLong.copy.thread_id)).values.messages).toHaveLength(2 * TURNS);
  }, 120_000);
});
