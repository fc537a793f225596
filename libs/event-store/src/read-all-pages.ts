import { EventStore, Position, RecordedEvent } from './event-store.port';

/** The global log from a position in pages, forwards: for tools that walk it without holding it in memory. */
export async function* readAllPages(store: EventStore, after?: Position, pageSize = 1000): AsyncIterable<RecordedEvent[]> {
  for (
    let page = await store.readAll({ after, limit: pageSize });
    page.length > 0;
    page = await store.readAll({ after, limit: pageSize })
  ) {
    yield page;
    after = page[page.length - 1].position;
  }
}
