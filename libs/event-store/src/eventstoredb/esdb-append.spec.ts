import { status } from '@grpc/grpc-js';
import { testEvent, useFakeEventStoreDb } from '../../../../test/support/fake-eventstoredb-setup';
import { DuplicateEventId, WrongExpectedRevision } from '../event-store.port';

describe('EventStoreDB adapter appends, against a fake server on the wire', () => {
  const logged: string[] = [];
  const { fake, store } = useFakeEventStoreDb({ prefixes: ['thread-'], log: (m) => logged.push(m) });

  const ids = (stream: string) =>
    fake()
      .streamRecords(stream)
      .map((r) => r.id);

  it.each([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.ABORTED, status.CANCELLED, status.RESOURCE_EXHAUSTED])(
    'sends the same events again when the outcome is unknown (gRPC status %s), and they are written once',
    async (code) => {
      await store().append('thread-a', [testEvent()], 'no_stream');
      const batch = [testEvent('B'), testEvent('C')];
      fake().appendFaults.push({ when: 'after', code });
      const result = await store().append('thread-a', batch, 0);
      expect(ids('thread-a').slice(1)).toEqual(batch.map((e) => e.eventId));
      const last = fake().streamRecords('thread-a')[2];
      expect(result).toEqual({ nextRevision: 2, position: (last.position << 64n) | last.position });
    },
  );

  it('writes the events when the first attempt failed before writing them', async () => {
    const batch = [testEvent()];
    fake().appendFaults.push({ when: 'before', code: status.UNAVAILABLE });
    await store().append('thread-a', batch, 'no_stream');
    expect(ids('thread-a')).toEqual([batch[0].eventId]);
    expect(logged.some((m) => m.includes('thread-a'))).toBe(true);
  });

  it('gives up after a bounded number of attempts with the last error', async () => {
    fake().appendFaults.push(...Array.from({ length: 10 }, () => ({ when: 'before' as const, code: status.UNAVAILABLE })));
    await expect(store().append('thread-a', [testEvent()], 'no_stream')).rejects.toThrow('fault before the write');
    expect(fake().appendCalls).toBe(4);
    expect(ids('thread-a')).toEqual([]);
  });

  it('does not retry an answer that is definite', async () => {
    await store().append('thread-a', [testEvent()], 'no_stream');
    const before = fake().appendCalls;
    await expect(store().append('thread-a', [testEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(fake().appendCalls).toBe(before + 1);
    expect(ids('thread-a')).toHaveLength(1);
  });

  it('with `any`, a retry after an unknown outcome finds the events at the tail instead of writing them twice', async () => {
    fake().seed('thread-a', 3);
    const batch = [testEvent(), testEvent()];
    fake().appendFaults.push({ when: 'after', code: status.UNAVAILABLE });
    const result = await store().append('thread-a', batch, 'any');
    expect(ids('thread-a').slice(3)).toEqual(batch.map((e) => e.eventId));
    expect(result.nextRevision).toBe(4);
  });

  it('with `any`, a repeated append of the same ids is a no-op answering the first result, even after other appends', async () => {
    const batch = [testEvent(), testEvent()];
    const first = await store().append('checkpoints-a', batch, 'any');
    await store().append('checkpoints-a', [testEvent()], 'any');
    expect(await store().append('checkpoints-a', batch, 'any')).toEqual(first);
    expect(ids('checkpoints-a')).toHaveLength(3);
  });

  it('with `any`, refuses ids that are at the tail in another arrangement', async () => {
    const [a, b] = [testEvent(), testEvent()];
    await store().append('checkpoints-a', [a, b], 'any');
    await expect(store().append('checkpoints-a', [b, a], 'any')).rejects.toBeInstanceOf(DuplicateEventId);
    await expect(store().append('checkpoints-a', [testEvent(), b], 'any')).rejects.toBeInstanceOf(DuplicateEventId);
    expect(ids('checkpoints-a')).toEqual([a.eventId, b.eventId]);
  });
});
