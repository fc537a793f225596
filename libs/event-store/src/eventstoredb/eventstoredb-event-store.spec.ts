import { StreamDeletedError, WrongExpectedVersionError } from '@eventstore/db-client';
import { FORKLINE_STREAM_PREFIXES } from '@forkline/domain';
import { describeEventStoreContract } from '../event-store.contract';
import { describeWithServer } from '../server-contract';
import { FakeEventStoreDb } from '../../../../test/support/fake-eventstoredb-server';
import { StreamDeleted, WrongExpectedRevision } from '../event-store.port';
import { fromEsdbEvent, toEsdbExpected, toPortError } from './esdb-mapping';
import { decodePosition, encodePosition } from './esdb-position';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

describe('EventStoreDB adapter, without a server', () => {
  it('encodes $all positions as one bigint that keeps their order', () => {
    const positions = [
      { commit: 0n, prepare: 0n },
      { commit: 5n, prepare: 3n },
      { commit: 5n, prepare: 9n },
      { commit: 2n ** 63n, prepare: 2n ** 64n - 1n },
    ];
    const encoded = positions.map(encodePosition);
    expect(encoded.map(decodePosition)).toEqual(positions);
    expect([...encoded].sort((a, b) => (a < b ? -1 : 1))).toEqual(encoded);
  });

  it('maps expected revisions', () => {
    expect([toEsdbExpected('any'), toEsdbExpected('no_stream'), toEsdbExpected('stream_exists'), toEsdbExpected(4)]).toEqual([
      'any',
      'no_stream',
      'stream_exists',
      4n,
    ]);
  });

  it('turns recorded events into Forkline events and drops system events and foreign streams', () => {
    const base = {
      id: 'e1',
      revision: 3n,
      type: 'UserMessageAdded',
      data: { a: 1 },
      metadata: { actor: 'u' },
      position: { commit: 7n, prepare: 7n },
    };
    expect(fromEsdbEvent({ ...base, streamId: 'thread-x' }, FORKLINE_STREAM_PREFIXES)).toEqual({
      eventId: 'e1',
      streamId: 'thread-x',
      revision: 3,
      position: encodePosition({ commit: 7n, prepare: 7n }),
      type: 'UserMessageAdded',
      data: { a: 1 },
      metadata: { actor: 'u' },
    });
    expect(fromEsdbEvent({ ...base, streamId: '$stats-127.0.0.1', type: '$statsCollected' }, FORKLINE_STREAM_PREFIXES)).toBeNull();
    expect(fromEsdbEvent({ ...base, streamId: 'orders-1' }, FORKLINE_STREAM_PREFIXES)).toBeNull();
    expect(fromEsdbEvent(undefined, FORKLINE_STREAM_PREFIXES)).toBeNull();
  });

  it('maps a wrong expected version to the port error, and leaves other errors alone', () => {
    const mapped = toPortError('s', 2, new WrongExpectedVersionError(undefined, { streamName: 's', expected: 2n, current: 5n }));
    expect(mapped).toBeInstanceOf(WrongExpectedRevision);
    expect(mapped).toMatchObject({ streamId: 's', expected: 2, actual: 5 });
    expect(
      toPortError(
        's',
        'no_stream',
        new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'no_stream', current: 'no_stream' }),
      ),
    ).toMatchObject({ actual: 'no_stream' });
    expect(toPortError('s', 'any', new StreamDeletedError(undefined, 's'))).toBeInstanceOf(StreamDeleted);
    const other = new Error('unavailable');
    expect(toPortError('s', 'any', other)).toBe(other);
  });

  it('refuses a malformed connection string', async () => {
    await expect(EventStoreDbEventStore.connect('not a url', { prefixes: FORKLINE_STREAM_PREFIXES })).rejects.toThrow();
  });
});

describeWithServer('EVENTSTORE_URL', 'EventStoreDB', (url) => {
  describeEventStoreContract('eventstoredb', () => EventStoreDbEventStore.connect(url, { prefixes: ['contract-'] }), {
    eventIdsUniqueAcrossStreams: false,
    deletedStreamsCanBeReused: false,
    streamPrefix: 'contract-',
  });
});

describe('EventStoreDB adapter against a fake server on the wire', () => {
  let fake: FakeEventStoreDb;
  beforeAll(async () => {
    fake = await FakeEventStoreDb.start();
  });
  afterAll(() => fake.stop());
  describeEventStoreContract('eventstoredb (fake server)', () => EventStoreDbEventStore.connect(fake.url, { prefixes: ['contract-'] }), {
    eventIdsUniqueAcrossStreams: false,
    deletedStreamsCanBeReused: false,
    streamPrefix: 'contract-',
  });
});
