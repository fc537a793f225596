import { ThreadCommand } from '@forkline/domain';
import { Position, SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { LogFollower } from './log-follower';
import { ProjectionRunner } from './projection-runner';
import { ALL_PROJECTORS } from './projectors';
import { ProjectedEvent } from './projectors/projector';
import { SqliteReadStore } from './sqlite/sqlite-read-store';

/** The follower stands in for a projector that runs elsewhere: here a ProjectionRunner on the same stores. */
describe('LogFollower', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let repository: ThreadRepository;
  let projector: ProjectionRunner;
  let follower: LogFollower;
  let delivered: { events: ProjectedEvent[]; readStoreAt: Promise<Position | undefined> }[];
  let inboxAtCatchUp: string[] | undefined;

  const exec = (command: ThreadCommand) => repository.execute(command, ctx);
  const send = (threadId: string, messageId: string) => exec({ type: 'SendMessage', threadId, userId: 'u', messageId, content: messageId });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((r) => setTimeout(r, 5));
  };

  beforeEach(async () => {
    events = new SqliteEventStore(':memory:');
    reads = new SqliteReadStore(':memory:');
    repository = new ThreadRepository(events);
    projector = new ProjectionRunner(events, reads, ALL_PROJECTORS);
    delivered = [];
    inboxAtCatchUp = undefined;
    follower = new LogFollower(
      events,
      reads,
      ALL_PROJECTORS,
      (batch) => delivered.push({ events: batch, readStoreAt: follower.checkpoint() }),
      async () => void (inboxAtCatchUp = (await reads.agentInbox()).map((row) => row.thread_id)),
      () => undefined,
    );
  });

  afterEach(async () => {
    await follower.stop();
    await projector.stop();
    await events.close();
    await reads.close();
  });

  it('catches up once the read store holds the head, then hands on only what comes after it, once the read store holds it', async () => {
    await exec({ type: 'CreateThread', threadId: 'before', ownerId: 'u' });
    const { position: head } = await send('before', 'm0');
    await follower.start();
    // No projector yet: the read store is behind the head, so nothing is resumed nor handed on.
    expect(await follower.waitFor(head!, 50)).toBe(false);
    expect(inboxAtCatchUp).toBeUndefined();

    await projector.start();
    await until(() => inboxAtCatchUp !== undefined);
    expect(inboxAtCatchUp).toEqual(['before']); // the durable inbox covers what came before the head
    expect(await follower.waitFor(head!, 1000)).toBe(true);

    await exec({ type: 'CreateThread', threadId: 'after', ownerId: 'u' });
    const { position: sent } = await send('after', 'm1');
    await until(() => delivered.some((d) => d.events.some((e) => e.type === 'UserMessageAdded')));
    const handed = delivered.flatMap((d) => d.events);
    expect(handed.map((e) => [e.type, (e.data as { threadId: string }).threadId])).toEqual([
      ['ThreadCreated', 'after'],
      ['UserMessageAdded', 'after'],
    ]);
    for (const d of delivered) expect(await d.readStoreAt).toBeGreaterThanOrEqual(d.events[d.events.length - 1].position);
    expect(await follower.checkpoint()).toBe(sent);
  });

  it('holds a batch back while the projector is down, and hands it on when the read store reaches it', async () => {
    await projector.start();
    await follower.start();
    await until(() => inboxAtCatchUp !== undefined);
    await projector.stop();
    await exec({ type: 'CreateThread', threadId: 'later', ownerId: 'u' });
    const { position } = await send('later', 'm2');
    expect(await follower.waitFor(position!, 100)).toBe(false);
    expect(delivered).toEqual([]);

    await projector.start();
    await until(() => delivered.flatMap((d) => d.events).some((e) => e.type === 'UserMessageAdded'));
    expect(await follower.checkpoint()).toBe(position);
  });
});
