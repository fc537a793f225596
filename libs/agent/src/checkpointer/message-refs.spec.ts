import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { RecordedEvent } from '@forkline/event-store';
import { MessageRefs } from './message-refs';

describe('MessageRefs: messages referenced by the thread events that added them', () => {
  const event = (eventNumber: number, type: string, data: Record<string, unknown> = {}) =>
    ({ type, data: { threadId: 't', eventNumber, ...data } }) as unknown as RecordedEvent;
  const log = [
    event(1, 'UserMessageAdded', { messageId: 'q1', content: 'hello' }),
    event(2, 'RunStarted'),
    event(3, 'AssistantMessageAdded', { messageId: 'a1', content: 'hi there', stopped: true }),
    event(4, 'RunStopped'),
  ];
  const reads: Array<[number, number]> = [];
  const refs = new MessageRefs({
    recordsBetween: async (_threadId, from, upTo) => {
      reads.push([from, upTo]);
      return log.filter(
        (e) => (e.data as { eventNumber: number }).eventNumber >= from && (e.data as { eventNumber: number }).eventNumber <= upTo,
      );
    },
  });

  it('references only items equal in every field to the message their event adds', async () => {
    const items = [
      new HumanMessage({ content: 'hello', id: 'q1' }),
      new AIMessage({ content: 'hi there', id: 'a1' }),
      new AIMessage({ content: 'edited', id: 'a1' }),
      new AIMessage({ content: 'hi there', id: 'a1', name: 'bot' }),
      new HumanMessage({ content: 'no event', id: 'q9' }),
      'not a message',
    ];
    expect(await refs.find('t', 1, 4, items)).toEqual([1, 3, undefined, undefined, undefined, undefined]);
    expect(await refs.find('t', 2, 4, items.slice(0, 1))).toEqual([undefined]); // outside the events looked at
  });

  it('reads the referenced messages back in one range read', async () => {
    reads.length = 0;
    const messages = await refs.resolve('t', [3, 1]);
    expect(reads).toEqual([[1, 3]]);
    expect(messages.get(1)).toEqual(new HumanMessage({ content: 'hello', id: 'q1' }));
    expect(messages.get(3)).toEqual(new AIMessage({ content: 'hi there', id: 'a1' }));
  });

  it('resolves the numbers of a whole long chain in one range read', async () => {
    reads.length = 0;
    const numbers = Array.from({ length: 300_000 }, (_, i) => (i % 3) + 1); // past what a spread into Math.min takes
    const found = await refs.resolve('t', numbers);
    expect(reads).toEqual([[1, 3]]);
    expect([...found.keys()]).toEqual([1, 3]);
  });
});
