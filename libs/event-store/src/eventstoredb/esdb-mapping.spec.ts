import { MaxAppendSizeExceededError, StreamDeletedError } from '@eventstore/db-client';
import { AppendTooLarge, StreamDeleted } from '../event-store.port';
import { toPortError } from './esdb-mapping';

describe('EventStoreDB errors as port errors', () => {
  it("maps the server's MaxAppendSize refusal to AppendTooLarge with the server's limit (then 413)", () => {
    const mapped = toPortError('thread-t', 3, MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576));
    expect(mapped).toBeInstanceOf(AppendTooLarge);
    expect(mapped).toMatchObject({ streamId: 'thread-t', limit: 1_048_576 });
    expect((mapped as Error).message).toBe('the events to store are over the 1048576-byte limit of one append');
  });

  it('passes errors it does not know through unchanged', () => {
    const error = new Error('boom');
    expect(toPortError('thread-t', 'any', error)).toBe(error);
    expect(toPortError('thread-t', 'any', new StreamDeletedError(undefined as never))).toBeInstanceOf(StreamDeleted);
  });
});
