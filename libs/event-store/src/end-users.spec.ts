import { endUserId, endUserStreamId } from '@forkline/domain';
import { EndUsers } from './end-users';
import { SqliteEventStore } from './sqlite-event-store';

describe('EndUsers', () => {
  let store: SqliteEventStore;
  const app = { agentId: 'agent-1', ownerId: 'alice' };
  const context = { actor: 'alice', correlationId: 'c1', causationId: null };

  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
  });
  afterEach(() => store.close());

  it('records an end user once, however many first uses race, under an id derived from the app and the user string', async () => {
    const [first, ...others] = await Promise.all(Array.from({ length: 5 }, () => new EndUsers(store).ensure(app, 'user:42', context)));
    expect(first).toEqual({ endUserId: endUserId('agent-1', 'user:42'), ...app, externalUserId: 'user:42', createdAt: expect.any(String) });
    for (const other of others) expect(other).toEqual(first);
    expect(await store.readStream(endUserStreamId(first.endUserId))).toHaveLength(1);
    expect(await new EndUsers(store).ensure(app, 'user:42', context)).toEqual(first);
  });

  it('tells apps apart: the same user string of another app is another end user', async () => {
    const users = new EndUsers(store);
    const mine = await users.ensure(app, 'u', context);
    const theirs = await users.ensure({ agentId: 'agent-2', ownerId: 'bob' }, 'u', context);
    expect(theirs.endUserId).not.toBe(mine.endUserId);
    expect(await users.find(theirs.endUserId)).toMatchObject({ agentId: 'agent-2', ownerId: 'bob' });
    expect(await users.find(endUserId('agent-3', 'u'))).toBeNull();
  });
});
