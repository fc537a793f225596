import { randomUUID } from 'crypto';
import { NewEvent } from '@forkline/event-store';
import { EventStoreDbEventStore } from '@forkline/event-store/eventstoredb';
import { FakeEventStoreDb } from './fake-eventstoredb-server';

type ConnectOptions = Parameters<typeof EventStoreDbEventStore.connect>[1];

/** An event as the adapter specs append them: only its type and data matter to them. */
export const testEvent = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { actor: 't', correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});

/** A fresh fake server and an adapter connected to it for each test, both closed after it. */
export function useFakeEventStoreDb(options: ConnectOptions): { fake: () => FakeEventStoreDb; store: () => EventStoreDbEventStore } {
  let fake: FakeEventStoreDb;
  let store: EventStoreDbEventStore;
  beforeEach(async () => {
    fake = await FakeEventStoreDb.start();
    store = await EventStoreDbEventStore.connect(fake.url, options);
  });
  afterEach(async () => {
    await store.close();
    await fake.stop();
  });
  return { fake: () => fake, store: () => store };
}
