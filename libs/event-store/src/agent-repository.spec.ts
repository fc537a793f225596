import {
  AgentDefinition,
  AgentSlugTaken,
  agentSlugsStreamId,
  agentStreamId,
  defaultAgentDefinition,
  defaultAgentId,
} from '@forkline/domain';
import { AgentRepository } from './agent-repository';
import { SLUG_CLAIM_GRACE_MS } from './agent-slug-index';
import { WrongExpectedRevision } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

describe('AgentRepository over the SQLite store', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const definition = (slug: string): AgentDefinition => ({ ...defaultAgentDefinition(), slug, name: slug });
  let store: SqliteEventStore;
  let repository: AgentRepository;
  /** Another process writing through its own repository. */
  let other: AgentRepository;

  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    repository = new AgentRepository(store);
    other = new AgentRepository(store);
  });
  afterEach(() => store.close());

  it('lets exactly one of two concurrent creates of one slug win, in two processes', async () => {
    const results = await Promise.allSettled([
      repository.create('a1', 'u', definition('helper'), ctx),
      other.create('a2', 'u', definition('helper'), ctx),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(AgentSlugTaken);
    const written = [...(await store.readStream(agentStreamId('a1'))), ...(await store.readStream(agentStreamId('a2')))];
    expect(written.map((e) => e.type)).toEqual(['AgentCreated']);
    // Another user's slugs are their own.
    await expect(repository.create('a3', 'v', definition('helper'), ctx)).resolves.toMatchObject({ state: { version: 1 } });
  });

  it("frees a slug when its agent is deleted or renamed, and takes over a crashed creator's claim after the grace period", async () => {
    await repository.create('a1', 'u', definition('one'), ctx);
    await expect(other.create('a2', 'u', definition('one'), ctx)).rejects.toThrow(AgentSlugTaken);
    await repository.update('a1', 'u', { slug: 'two' }, ctx);
    await expect(other.create('a2', 'u', definition('one'), ctx)).resolves.toMatchObject({ state: { version: 1 } });
    await expect(other.create('a3', 'u', definition('two'), ctx)).rejects.toThrow(AgentSlugTaken);
    await repository.delete('a1', 'u', ctx);
    await expect(other.create('a3', 'u', definition('two'), ctx)).resolves.toMatchObject({ state: { version: 1 } });

    // A claim whose agent never got written: held for the grace period, then free.
    const claimedAt = Date.now() - SLUG_CLAIM_GRACE_MS - 1000;
    const claim = { type: 'SlugClaimed', data: { slug: 'ghost', agentId: 'crashed' } };
    const last = (await store.readStream(agentSlugsStreamId('u'), { direction: 'backwards', limit: 1 }))[0].revision;
    await store.append(
      agentSlugsStreamId('u'),
      [{ eventId: 'claim-ghost', ...claim, metadata: { ...ctx, occurredAt: new Date(claimedAt).toISOString(), schemaVersion: 1 } }],
      last,
    );
    await expect(new AgentRepository(store).create('a4', 'u', definition('ghost'), ctx)).resolves.toMatchObject({ state: { version: 1 } });
    const fresh = { ...claim, data: { slug: 'young', agentId: 'slow' } };
    await store.append(
      agentSlugsStreamId('u'),
      [{ eventId: 'claim-young', ...fresh, metadata: { ...ctx, occurredAt: new Date().toISOString(), schemaVersion: 1 } }],
      'any',
    );
    await expect(new AgentRepository(store).create('a5', 'u', definition('young'), ctx)).rejects.toThrow(AgentSlugTaken);
  });

  it('keeps the default agent unwritten until its first change, then writes it with the change', async () => {
    const id = defaultAgentId('u');
    expect(await repository.find('u', id)).toEqual({ agentId: id, version: 0, definition: defaultAgentDefinition() });
    expect(await repository.find('v', id)).toBeNull();
    expect(await store.readStream(agentStreamId(id))).toEqual([]);
    await expect(repository.create('a1', 'u', definition('assistant'), ctx)).rejects.toThrow(AgentSlugTaken);

    await repository.update(id, 'u', { systemPrompt: 'Be brief.' }, ctx);
    expect((await store.readStream(agentStreamId(id))).map((e) => e.type)).toEqual(['AgentCreated', 'AgentUpdated']);
    expect(await other.find('u', id)).toMatchObject({ version: 2, definition: { slug: 'assistant', systemPrompt: 'Be brief.' } });
  });

  it('answers a run with the version it recorded, and a deleted agent with the default one', async () => {
    await repository.create('a1', 'u', { ...definition('helper'), systemPrompt: 'first' }, ctx);
    await repository.update('a1', 'u', { systemPrompt: 'second' }, ctx);
    expect((await other.at('a1', 1)).definition.systemPrompt).toBe('first');
    expect(await other.forThread('u', 'a1')).toMatchObject({ agentId: 'a1', version: 2, definition: { systemPrompt: 'second' } });
    await repository.delete('a1', 'u', ctx);
    expect(await other.forThread('u', 'a1')).toMatchObject({ agentId: defaultAgentId('u'), version: 0 });
    expect(await other.forThread('u', null)).toMatchObject({ agentId: defaultAgentId('u'), version: 0 });
    // Another user's agent id on a thread never lends its definition.
    await repository.create('b1', 'v', definition('theirs'), ctx);
    expect(await other.forThread('u', 'b1')).toMatchObject({ agentId: defaultAgentId('u') });
  });

  describe('slugs of deleted or renamed agents', () => {
    let clock = Date.now();
    const passGracePeriod = () => (clock += SLUG_CLAIM_GRACE_MS + 1000);
    const clocked = (log?: (m: string) => void) => new AgentRepository(store, 100, { now: () => clock, log });

    it('frees the slug of an agent deleted without its release (a crash between the two appends)', async () => {
      await clocked().create('a1', 'u', definition('helper'), ctx);
      const deleted = { type: 'AgentDeleted', data: { agentId: 'a1', version: 2 } };
      const metadata = { ...ctx, occurredAt: new Date(clock).toISOString(), schemaVersion: 1 };
      await store.append(agentStreamId('a1'), [{ eventId: 'delete-a1', ...deleted, metadata }], 0);
      passGracePeriod();
      await expect(clocked().create('a2', 'u', definition('helper'), ctx)).resolves.toMatchObject({ state: { version: 1 } });
      expect((await clocked().list('u')).map((a) => [a.agentId, a.definition.slug])).toEqual([
        [defaultAgentId('u'), 'assistant'],
        ['a2', 'helper'],
      ]);
    });

    it('answers a rename and a delete whose slug release keeps conflicting as done, and a later claim takes the slug over', async () => {
      const append = store.append.bind(store);
      // Every release loses to a rival writer (after the agent's own event is written).
      jest.spyOn(store, 'append').mockImplementation(async (streamId, events, expected) => {
        if (events[0].type === 'SlugReleased') throw new WrongExpectedRevision(streamId, expected, 99);
        return append(streamId, events, expected);
      });
      const logged: string[] = [];
      const agents = clocked((m) => logged.push(m));
      await agents.create('a1', 'u', definition('one'), ctx);

      await expect(agents.update('a1', 'u', { slug: 'two' }, ctx)).resolves.toMatchObject({ state: { version: 2 } });
      await expect(agents.delete('a1', 'u', ctx)).resolves.toMatchObject({ state: { deleted: true, version: 3 } });
      expect(logged).toEqual([expect.stringMatching(/releasing slug 'one' failed/), expect.stringMatching(/releasing slug 'two' failed/)]);
      expect((await store.readStream(agentStreamId('a1'))).map((e) => e.type)).toEqual(['AgentCreated', 'AgentUpdated', 'AgentDeleted']);

      passGracePeriod();
      await expect(clocked().create('a2', 'u', definition('one'), ctx)).resolves.toMatchObject({ state: { version: 1 } });
      await expect(clocked().create('a3', 'u', definition('two'), ctx)).resolves.toMatchObject({ state: { version: 1 } });
    });
  });
});
