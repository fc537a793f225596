import { EventStoreDBClient, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { esdbIdentity } from './esdb-identity';

/** The two client calls the identity makes, over one stream held in memory; `raceWith` is written by "another Forkline" first. */
function fakeClient(raceWith?: string) {
  const stream: Array<{ data: unknown }> = [];
  const appended: unknown[] = [];
  const client = {
    readStream: (name: string, options: { maxCount: number }) => {
      expect([name, options.maxCount]).toEqual(['forkline-identity', 1]);
      return (async function* () {
        if (stream.length === 0) throw new StreamNotFoundError(undefined, name);
        yield { event: stream[0] };
      })();
    },
    appendToStream: async (_name: string, event: { data: unknown }) => {
      appended.push(event.data);
      if (raceWith !== undefined) {
        stream.push({ data: { id: raceWith } });
        throw new WrongExpectedVersionError(undefined, { streamName: 'forkline-identity', expected: 'no_stream', current: 0n } as never);
      }
      stream.push({ data: event.data });
    },
  };
  return { client: client as unknown as EventStoreDBClient, appended };
}

describe('EventStoreDB identity', () => {
  it('is made once, stored in its own stream, and read back after', async () => {
    const { client, appended } = fakeClient();
    const first = await esdbIdentity(client);
    expect(first).toMatch(/^eventstoredb:[0-9a-f-]{36}$/);
    expect(await esdbIdentity(client)).toBe(first);
    expect(appended).toEqual([{ id: first }]);
  });

  it('is the one another Forkline wrote first when both start at once', async () => {
    const { client } = fakeClient('eventstoredb:the-first');
    expect(await esdbIdentity(client)).toBe('eventstoredb:the-first');
  });
});
