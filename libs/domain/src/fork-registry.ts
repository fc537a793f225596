import { ThreadHasBranches, ThreadNotFound } from './domain-errors';

/**
 * A thread's forks, in their own stream (`forks-<threadId>`): the one place where a fork of the thread and its
 * deletion meet. Both append there with the expected revision, so of a fork and a delete racing (in any processes)
 * one append fails and that side decides again on what the other wrote: the conflict is decided in the event store.
 * The stream uses no thread event number and no projector reads it.
 *
 * A fork appends BranchForked, then its thread's ThreadForked, then BranchMade. A delete counts the listed branches
 * whose threads are alive (and those whose ThreadForked is not there yet but were forked moments ago), then appends
 * ForksClosed. Whichever of BranchMade and ForksClosed lands second finds the other: a refused BranchMade makes the
 * fork delete its new thread and answer 404; a refused ForksClosed makes the delete count again and answer 409.
 * A store that appends to several streams at once takes the fork in one write instead (ForkAndMakeBranch): BranchForked
 * and its thread's ThreadForked land together, so a delete finds the fork made or not begun, never between. No BranchMade
 * then: it is the point where a fork in steps meets a delete, and the one write's BranchForked is that point already.
 */

/** A fork has begun: its thread is about to be made. */
export interface BranchForked {
  type: 'BranchForked';
  data: { sourceThreadId: string; branchThreadId: string; forkedAt: string };
}

/** The fork's thread is made and the source was still open to forks: the fork has succeeded. */
export interface BranchMade {
  type: 'BranchMade';
  data: { sourceThreadId: string; branchThreadId: string };
}

/** The branch is gone (deleted, its streams about to be removed) or was never made (its source went first). */
export interface BranchRemoved {
  type: 'BranchRemoved';
  data: { sourceThreadId: string; branchThreadId: string };
}

/** The thread is being deleted: no fork of it may start any more. */
export interface ForksClosed {
  type: 'ForksClosed';
  data: { sourceThreadId: string };
}

export type ForkRegistryEvent = BranchForked | BranchMade | BranchRemoved | ForksClosed;

export interface ForkRegistryState {
  closed: boolean;
  /** Branches forked and not removed since, by branch thread id. */
  branches: Map<string, BranchForked['data']>;
}

export const initialForkRegistryState = (): ForkRegistryState => ({ closed: false, branches: new Map() });

export function evolveForkRegistry(state: ForkRegistryState, event: ForkRegistryEvent): ForkRegistryState {
  return foldForkRegistry([event], state);
}

/** `evolveForkRegistry` over many events with one copy of the branch map, not one per event: a popular source's registry is long. */
export function foldForkRegistry(events: ForkRegistryEvent[], state = initialForkRegistryState()): ForkRegistryState {
  return foldForkRegistryInPlace({ closed: state.closed, branches: new Map(state.branches) }, events);
}

/** The same fold onto `state` itself, for a fold its caller owns (a cache): an event costs one entry, not a copy. */
export function foldForkRegistryInPlace(state: ForkRegistryState, events: ForkRegistryEvent[]): ForkRegistryState {
  for (const event of events) {
    if (event.type === 'BranchForked') state.branches.set(event.data.branchThreadId, event.data);
    else if (event.type === 'BranchRemoved') state.branches.delete(event.data.branchThreadId);
    else if (event.type === 'ForksClosed') state.closed = true;
  }
  return state;
}

export type ForkRegistryCommand =
  | { type: 'ForkBranch'; branch: BranchForked['data'] }
  | { type: 'MakeBranch'; sourceThreadId: string; branchThreadId: string }
  /** ForkBranch in one write with the branch's ThreadForked (its id just made: never listed before): made as it begins. */
  | { type: 'ForkAndMakeBranch'; branch: BranchForked['data'] }
  | { type: 'RemoveBranch'; sourceThreadId: string; branchThreadId: string }
  /** `liveBranches`: how many listed branches the handler found alive (their thread streams read). */
  | { type: 'CloseForks'; sourceThreadId: string; liveBranches: number };

/** Which events a command appends to the source's fork registry; throws a DomainError to refuse. */
export function decideForkRegistry(command: ForkRegistryCommand, state: ForkRegistryState): ForkRegistryEvent[] {
  switch (command.type) {
    case 'ForkBranch':
      // A source being deleted is reported as the delete will leave it: not found.
      if (state.closed) throw new ThreadNotFound(command.branch.sourceThreadId, 'source_thread_id');
      if (state.branches.has(command.branch.branchThreadId)) return [];
      return [{ type: 'BranchForked', data: command.branch }];
    case 'MakeBranch': {
      // Closed (or the branch removed) since the fork began: the delete judged the branch not made, and won.
      const { sourceThreadId, branchThreadId } = command;
      if (state.closed || !state.branches.has(branchThreadId)) throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
      return [{ type: 'BranchMade', data: { sourceThreadId, branchThreadId } }];
    }
    case 'ForkAndMakeBranch':
      if (state.closed) throw new ThreadNotFound(command.branch.sourceThreadId, 'source_thread_id');
      return [{ type: 'BranchForked', data: command.branch }];
    case 'RemoveBranch': {
      const { sourceThreadId, branchThreadId } = command;
      return state.branches.has(branchThreadId) ? [{ type: 'BranchRemoved', data: { sourceThreadId, branchThreadId } }] : [];
    }
    case 'CloseForks':
      if (state.closed) return [];
      if (command.liveBranches > 0) throw new ThreadHasBranches(command.sourceThreadId, command.liveBranches);
      return [{ type: 'ForksClosed', data: { sourceThreadId: command.sourceThreadId } }];
  }
}
