import { EventStore, Position } from '@forkline/event-store';
import { ReadStore } from './read-store.port';
import { ProjectionRunner } from './projection-runner';
import { Projector } from './projectors/projector';

/** Projects the whole log (up to its current head) into `target`, one runner per projector, and stops. */
export async function rebuildReadModels(source: EventStore, target: ReadStore, projectors: Projector[]): Promise<Position | undefined> {
  const head = await source.headPosition();
  const runners = projectors.map((p) => new ProjectionRunner(source, target, p));
  await Promise.all(runners.map((r) => r.start()));
  try {
    if (head !== undefined) await Promise.all(runners.map((r) => r.waitFor(head, 600_000)));
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
  }
  return head;
}
