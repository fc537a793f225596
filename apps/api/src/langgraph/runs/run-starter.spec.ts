import { ThreadEvent } from '@forkline/domain';
import { sentEventNumber } from './run-starter';

describe('sentEventNumber: where the run’s message is, from the events its SendMessage appended', () => {
  const events: ThreadEvent[] = [
    { type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm1', content: 'hi', eventNumber: 7 } },
    { type: 'DocumentAttached', data: { threadId: 't', messageId: 'm1', document: { id: 'f1', name: 'a.txt' }, eventNumber: 8 } },
  ];

  it('is the UserMessageAdded’s event number (not a later event’s of the same message)', () => {
    expect(sentEventNumber(events, 'm1')).toBe(7);
  });

  it('is unknown when the command appended no such event (an identical command had): the read models are asked then', () => {
    expect(sentEventNumber([], 'm1')).toBeUndefined();
    expect(sentEventNumber(events, 'm2')).toBeUndefined();
  });
});
