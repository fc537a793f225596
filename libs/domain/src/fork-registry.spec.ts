import { ThreadHasBranches, ThreadNotFound } from './domain-errors';
import { decideForkRegistry, evolveForkRegistry, ForkRegistryCommand, ForkRegistryEvent, initialForkRegistryState } from './fork-registry';

const S = 'src';
const fork = (branchThreadId: string): ForkRegistryCommand => ({
  type: 'ForkBranch',
  branch: { sourceThreadId: S, branchThreadId, forkedAt: '2026-01-01T00:00:00.000Z' },
});
const make = (branchThreadId: string): ForkRegistryCommand => ({ type: 'MakeBranch', sourceThreadId: S, branchThreadId });
const close = (liveBranches: number): ForkRegistryCommand => ({ type: 'CloseForks', sourceThreadId: S, liveBranches });

/** Runs commands one after another, each on the state the previous ones left. */
function run(...commands: ForkRegistryCommand[]) {
  let state = initialForkRegistryState();
  const events: ForkRegistryEvent[] = [];
  for (const command of commands) {
    const decided = decideForkRegistry(command, state);
    events.push(...decided);
    state = decided.reduce(evolveForkRegistry, state);
  }
  return { state, events };
}

describe('fork registry decider', () => {
  it('lists a fork once it begins, and marks it made while the source is open', () => {
    const { state, events } = run(fork('b1'), make('b1'));
    expect(events.map((e) => e.type)).toEqual(['BranchForked', 'BranchMade']);
    expect([...state.branches.keys()]).toEqual(['b1']);
    expect(decideForkRegistry(fork('b1'), state)).toEqual([]);
  });

  it('lists a fork begun and made in one write (its BranchForked alone) as two begun and made one after the other do, and refuses it once closed', () => {
    const branch = { sourceThreadId: S, branchThreadId: 'b1', forkedAt: '2026-01-01T00:00:00.000Z' };
    const { state, events } = run({ type: 'ForkAndMakeBranch', branch });
    expect(events).toEqual([{ type: 'BranchForked', data: branch }]);
    expect(state).toEqual(run(fork('b1'), make('b1')).state);
    expect(() => decideForkRegistry({ type: 'ForkAndMakeBranch', branch }, run(close(0)).state)).toThrow(ThreadNotFound);
  });

  it('refuses to close while branches are alive, naming how many', () => {
    const { state } = run(fork('b1'), make('b1'));
    expect(() => decideForkRegistry(close(1), state)).toThrow(ThreadHasBranches);
    expect(() => decideForkRegistry(close(1), state)).toThrow("'src' has 1 branch(es)");
  });

  it('closes when no branch is alive, and closing again appends nothing', () => {
    const { state, events } = run(fork('b1'), make('b1'), { type: 'RemoveBranch', sourceThreadId: S, branchThreadId: 'b1' }, close(0));
    expect(events.map((e) => e.type)).toEqual(['BranchForked', 'BranchMade', 'BranchRemoved', 'ForksClosed']);
    expect(state).toEqual({ closed: true, branches: new Map() });
    expect(decideForkRegistry(close(3), state)).toEqual([]);
  });

  it('refuses a fork of a closed source as a missing source (404 on source_thread_id)', () => {
    const { state } = run(close(0));
    expect(() => decideForkRegistry(fork('b1'), state)).toThrow(ThreadNotFound);
    expect(() => decideForkRegistry(fork('b1'), state)).toThrow(expect.objectContaining({ field: 'source_thread_id' }));
  });

  it('refuses to mark made a fork the delete closed over (it judged the branch not made)', () => {
    const closed = run(fork('b1'), close(0)).state;
    expect(closed.closed).toBe(true);
    expect(() => decideForkRegistry(make('b1'), closed)).toThrow(ThreadNotFound);
  });

  it('refuses to mark made a fork that was removed, and removes only listed branches', () => {
    const { state } = run(fork('b1'), { type: 'RemoveBranch', sourceThreadId: S, branchThreadId: 'b1' });
    expect(() => decideForkRegistry(make('b1'), state)).toThrow(ThreadNotFound);
    expect(decideForkRegistry({ type: 'RemoveBranch', sourceThreadId: S, branchThreadId: 'b1' }, state)).toEqual([]);
  });
});
