import { AIMessage, BaseMessage, RemoveMessage } from '@langchain/core/messages';
import { MessageView, Segment, ThreadHistory } from '@forkline/read-models';
import { KnownConversations } from './known-conversations';
import { approximateBytes } from './message-weight';

type Row = Pick<MessageView, 'message_id' | 'role' | 'content' | 'event_number'>;

/** A thread history over rows kept here, counting the runs that read a whole conversation. */
function historyOf(rows: Map<string, Row[]>) {
  const of = (segments: Segment[]) => rows.get(segments[0].threadId) ?? [];
  const history = {
    fullReads: 0,
    messages: async (segments: Segment[]) => (history.fullReads++, of(segments).filter((r) => r.event_number <= segments[0].upTo)),
    messagesAfter: async (segments: Segment[], after: number) =>
      of(segments).filter((r) => r.event_number > after && r.event_number <= segments[0].upTo),
    countUpTo: async (segments: Segment[], upTo: number) => of(segments).filter((r) => r.event_number <= upTo).length,
  };
  return history;
}

describe('KnownConversations within its byte budget', () => {
  const rows = new Map<string, Row[]>();
  const states = new Map<string, BaseMessage[]>();
  const history = historyOf(rows);
  /** A turn of a thread: its question, the run's input from the state, then the answer the run adds to the state and records. */
  const turn = async (known: KnownConversations, threadId: string, question: string) => {
    const thread = rows.get(threadId) ?? [];
    rows.set(threadId, thread);
    const upTo = thread.length + 1;
    thread.push({ message_id: `${threadId}-${upTo}`, role: 'user', content: question, event_number: upTo });
    const state = states.get(threadId) ?? [];
    const input = await known.input(threadId, upTo, state, [{ threadId, upTo }]);
    const answer = new AIMessage({ content: `re ${question}`, id: `${threadId}-${upTo + 1}` });
    thread.push({ message_id: answer.id!, role: 'assistant', content: answer.text, event_number: upTo + 1 });
    states.set(threadId, [...(input[0] instanceof RemoveMessage ? input.slice(1) : [...state, ...input]), answer]);
  };
  const weightOf = (threadId: string) => approximateBytes(states.get(threadId)!.slice(0, -1));

  it('keeps conversations up to the bytes it is given, whatever their number, and the threads kept read only what is new', async () => {
    for (const t of ['a', 'b', 'c'])
      for (let n = 0; n < 5; n++) await turn(new KnownConversations(history as never as ThreadHistory), t, `q${n}`);
    // Room for about two of these conversations (9 messages each when known).
    const budget = Math.floor(2.5 * approximateBytes(states.get('a')!));
    const known = new KnownConversations(history as never as ThreadHistory, budget);
    for (const t of ['a', 'b', 'c']) await turn(known, t, 'first run here');
    expect(known.weight).toBe(weightOf('b') + weightOf('c')); // a went: three did not fit
    expect(known.weight).toBeLessThanOrEqual(budget);
    history.fullReads = 0;
    await turn(known, 'c', 'again');
    await turn(known, 'b', 'again');
    expect(history.fullReads).toBe(0);
    await turn(known, 'a', 'again');
    expect(history.fullReads).toBe(1);
    // The threads grow: fewer of them fit, the bytes stay bounded.
    for (let n = 0; n < 4; n++) for (const t of ['a', 'b']) await turn(known, t, `longer ${n}`);
    expect(known.weight).toBe(weightOf('b'));
    expect(known.weight).toBeLessThanOrEqual(budget);
  });

  it('restarts a state from its own message objects where they are the conversation’s, unchanged', async () => {
    const known = new KnownConversations(history as never as ThreadHistory);
    await turn(known, 'q', 'first');
    // A second question before the run records its answer: the state no longer begins the conversation.
    const thread = rows.get('q')!;
    thread.splice(1, 0, { message_id: 'q-queued', role: 'user', content: 'queued', event_number: 1.5 });
    const state = states.get('q')!;
    const input = await known.input('q', 1.5, state, [{ threadId: 'q', upTo: 1.5 }]);
    expect(input.map((m) => m.text)).toEqual(['', 'first', 'queued']);
    expect(input[1]).toBe(state[0]); // the same object: the new checkpoint shares it
    // A message whose stored form differs (here: what the model returned, with its metadata) is taken from the log.
    const withMetadata = new AIMessage({ content: 're first', id: 'q-2', response_metadata: { model: 'm' } });
    const again = await new KnownConversations(history as never as ThreadHistory).input(
      'q',
      2,
      [state[0], withMetadata],
      [{ threadId: 'q', upTo: 2 }],
    );
    expect(again.map((m) => m.text)).toEqual(['', 'first', 'queued', 're first']);
    expect([again[1] === state[0], again[3] === withMetadata]).toEqual([true, false]);
  });
});
