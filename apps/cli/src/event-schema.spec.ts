import { ExportedEvent } from './event-format';
import { checkEventData } from './event-schema';

const line = (type: string, data: unknown) => ({ type, data }) as ExportedEvent;
const check = (type: string, data: unknown) => () => checkEventData(line(type, data), 4);
const message = { threadId: 't', messageId: 'm', content: 'hi', eventNumber: 1 };

describe('checkEventData', () => {
  it('accepts the data of known types, optional fields absent, null or set', () => {
    expect(check('UserMessageAdded', message)).not.toThrow();
    expect(check('UserMessageAdded', { ...message, mode: 'react', files: [{ id: 'f', name: 'a.txt', size: 3 }] })).not.toThrow();
    expect(check('ThreadUpdated', { threadId: 't', name: null, eventNumber: 2 })).not.toThrow();
    expect(check('RunStopped', { threadId: 't', runId: null, replyTo: 'm', eventNumber: 2 })).not.toThrow();
    expect(check('CheckpointsCleared', { threadId: 't' })).not.toThrow();
    expect(check('SomethingNew', {})).not.toThrow();
  });

  it('names the line, type and field of a missing or mistyped field, nested ones with their path', () => {
    const { messageId: _, ...noId } = message;
    expect(check('UserMessageAdded', noId)).toThrow('line 4 (UserMessageAdded): data.messageId is missing (string)');
    expect(check('UserMessageAdded', { ...message, eventNumber: '1' })).toThrow('data.eventNumber must be integer');
    expect(check('UserMessageAdded', { ...message, eventNumber: 1.5 })).toThrow('data.eventNumber must be integer');
    expect(check('UserMessageAdded', { ...message, files: [{ id: 'f' }] })).toThrow('data.files[0].name is missing (string)');
    expect(check('RunStopped', { threadId: 't', replyTo: 'm', eventNumber: 2 })).toThrow('data.runId is missing (string|null)');
    expect(check('CheckpointForked', { threadId: 't', checkpointNs: '', checkpointId: 'c', threadEventNumber: null })).toThrow(
      'data.source is missing (object)',
    );
    expect(
      check('CheckpointWritesSaved', { threadId: 't', checkpointNs: '', checkpointId: 'c', taskId: 'k', taskPath: '', writes: {} }),
    ).toThrow('data.writes must be an array');
    expect(check('ThreadCreated', 'not an object')).toThrow('line 4 (ThreadCreated): data must be an object');
  });
});
