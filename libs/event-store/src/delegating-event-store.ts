import { EventStore } from './event-store.port';

/**
 * For tests: an event store passing each call on to `store`, but those `overrides` replace (to count reads, or to
 * wrap a write). It has no appendAtomically unless given one: it appends to one stream at a time, as EventStoreDB does.
 */
export const delegatingTo = (store: EventStore, overrides: Partial<EventStore> = {}): EventStore => ({
  append: (s, e, x) => store.append(s, e, x),
  readStream: (s, o) => store.readStream(s, o),
  readAll: (o) => store.readAll(o),
  subscribeToAll: (o) => store.subscribeToAll(o),
  deleteStream: (s) => store.deleteStream(s),
  headPosition: () => store.headPosition(),
  identity: () => store.identity(),
  close: () => store.close(),
  ...overrides,
});
