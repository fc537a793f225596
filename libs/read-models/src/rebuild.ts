import { EventStore, Position } from '@forkline/event-store';
import { ReadStore } from './read-store.port';
import { ProjectionRunner } from './projection-runner';
import { Projector } from './projectors/projector';

/** Projects the whole log (up to its current head) into `target`, which records the log it follows, and stops. */
export async function rebuildReadModels(source: EventStore, target: ReadStore, projectors: Projector[]): Promise<Position | undefined> {
  await target.follow(await source.identity());
  const head = await source.headPosition();
  const runner = new ProjectionRunner(source, target, projectors);
  await runner.start();
  try {
    if (head !== undefined) await runner.waitFor(head, 600_000);
  } finally {
    await runner.stop();
  }
  return head;
}
