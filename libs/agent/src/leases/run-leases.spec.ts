import { leaseStreamId, ThreadCommand } from '@forkline/domain';
import { SqliteEventStore, ThreadRepository } from '@forkline/event-store';
import { LEASE_LOST } from './lease';
import { RunLeases } from './run-leases';

/** Short, so the tests take little time; every wait below is a good part of it away from any deadline. */
const LEASE_MS = 600;

describe('RunLeases over the SQLite event store', () => {
  const ctx = { actor: 'agent', correlationId: 'c', causationId: null };
  let events: SqliteEventStore;
  let repository: ThreadRepository;
  let leases: RunLeases;
  const exec = (command: ThreadCommand) => repository.execute(command, ctx);
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** A thread whose message m1 has a run r1 claimed by worker w1 (attempt 1); returns its active run and base. */
  const started = async () => {
    await exec({ type: 'CreateThread', threadId: 't', ownerId: 'u' });
    await exec({ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'hi' });
    const { state } = await exec({ type: 'StartRun', threadId: 't', runId: 'r1', replyTo: 'm1', workerId: 'w1' });
    return state;
  };

  beforeEach(() => {
    events = new SqliteEventStore(':memory:');
    repository = new ThreadRepository(events);
    leases = new RunLeases(events, LEASE_MS, () => undefined);
  });
  afterEach(() => events.close());

  it("is not another worker's to take while its holder's lease runs; after the expiry, one taker gets the next attempt", async () => {
    const state = await started();
    const holder = leases.started('t', { runId: 'r1', attempt: 1, workerId: 'w1' }, Date.now());
    holder.stop(); // the holder dies: no renewals
    const early = await leases.take('t', state.activeRun!, 'w2', state.base);
    expect(early).toEqual({ retryAt: expect.any(Number) });
    expect((early as { retryAt: number }).retryAt).toBeGreaterThan(Date.now() + LEASE_MS / 2);
    // The holder's own worker (its attempt ended in this process) takes the run up again at once.
    const own = await leases.take('t', state.activeRun!, 'w1', state.base);
    expect('claim' in own && own.claim).toEqual({ runId: 'r1', attempt: 2, workerId: 'w1' });
    if ('stop' in own) own.stop();
    // w1's claim of attempt 2 is in the lease stream, not on the thread yet: a competing taker waits for its lease too.
    expect(await leases.take('t', state.activeRun!, 'w3', state.base)).toEqual({ retryAt: expect.any(Number) });

    await pause(LEASE_MS + 200); // w1 died again: both leases are over
    const late = await leases.take('t', state.activeRun!, 'w3', state.base);
    expect('claim' in late && late.claim).toEqual({ runId: 'r1', attempt: 2, workerId: 'w3' });
    if ('stop' in late) late.stop();
  });

  it('counts the leases it holds, and the runs it took over from another worker (/metrics)', async () => {
    const state = await started();
    const holder = leases.started('t', { runId: 'r1', attempt: 1, workerId: 'w1' }, Date.now());
    expect(leases.held).toBe(1);
    holder.stop();
    holder.stop();
    expect(leases.held).toBe(0);
    const own = await leases.take('t', state.activeRun!, 'w1', state.base);
    expect([leases.held, leases.takenOver]).toEqual([1, 0]); // its own run again: not a takeover
    if ('stop' in own) own.stop();

    const elsewhere = new RunLeases(events, LEASE_MS, () => undefined);
    await pause(LEASE_MS + 200);
    const taken = await elsewhere.take('t', state.activeRun!, 'w3', state.base);
    expect([elsewhere.held, elsewhere.takenOver, leases.held]).toEqual([1, 1, 0]);
    if ('stop' in taken) taken.stop();
    expect(elsewhere.held).toBe(0);
  });

  it('renews while held, so nobody takes it; a takeover makes the next renewal fail, which aborts the lease', async () => {
    const state = await started();
    const holder = leases.started('t', { runId: 'r1', attempt: 1, workerId: 'w1' }, Date.now());
    await pause(LEASE_MS * 1.5); // past the first lease: renewed meanwhile
    expect(holder.held()).toBe(true);
    expect(await leases.take('t', state.activeRun!, 'w2', state.base)).toEqual({ retryAt: expect.any(Number) });
    expect((await events.readStream(leaseStreamId('t'))).map((e) => e.type)).toContain('LeaseRenewed');

    // Another worker wrote a takeover (as after a long pause of the holder): the holder's next renewal sees it.
    const [last] = await events.readStream(leaseStreamId('t'), { direction: 'backwards', limit: 1 });
    const data = { threadId: 't', runId: 'r1', attempt: 2, workerId: 'w2', expiresAt: Date.now() + LEASE_MS };
    const metadata = { actor: 'agent', correlationId: 'r1', causationId: null, occurredAt: new Date().toISOString(), schemaVersion: 1 };
    await events.append(leaseStreamId('t'), [{ eventId: 'taken', type: 'LeaseTaken', data, metadata }], last.revision);
    await pause(LEASE_MS / 3 + 200); // the next renewal
    expect(holder.lost).toBe(true);
    expect(holder.signal.reason).toBe(LEASE_LOST);
    expect(holder.held()).toBe(false);
  });

  it('is lost at its deadline when no renewal gets through', async () => {
    await started();
    jest.spyOn(leases, 'renew').mockRejectedValue(new Error('store out of reach'));
    const holder = leases.started('t', { runId: 'r1', attempt: 1, workerId: 'w1' }, Date.now());
    await pause(LEASE_MS / 2);
    expect(holder.lost).toBe(false);
    await pause(LEASE_MS / 2 + 200);
    expect(holder.lost).toBe(true);
  });

  it('a released lease may be taken at once', async () => {
    const state = await started();
    const holder = leases.started('t', { runId: 'r1', attempt: 1, workerId: 'w1' }, Date.now());
    await holder.release();
    const taken = await leases.take('t', state.activeRun!, 'w2', state.base);
    expect('claim' in taken && taken.claim).toEqual({ runId: 'r1', attempt: 2, workerId: 'w2' });
    if ('stop' in taken) taken.stop();
  });
});
