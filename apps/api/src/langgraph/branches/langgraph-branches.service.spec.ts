import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { ThreadForker, ThreadRepository } from '@forkline/event-store';
import { ReadStore, ThreadHistory } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { LangGraphBranches } from './langgraph-branches.service';

describe('LangGraphBranches.headBranchOf', () => {
  /** Over read models that record every read and hold no heads row. */
  function branchesOver() {
    const reads: string[] = [];
    const readStore = {
      query: async (table: string) => (reads.push(table), []),
      getThread: async () => (reads.push('getThread'), null),
    } as unknown as ReadStore;
    const history = new Proxy({}, { get: (_, name) => async () => (reads.push(`history.${String(name)}`), []) }) as ThreadHistory;
    const none = {} as never;
    const branches = new LangGraphBranches(
      readStore,
      history,
      none as ThreadForker,
      none as ThreadRepository,
      none as EventSourcedCheckpointSaver,
      none as ProjectionsService,
    );
    return { branches, reads };
  }

  it('a thread without branches is its own head branch, found without reading anything', async () => {
    const { branches, reads } = branchesOver();
    expect(await branches.headBranchOf(['t'])).toBe('t');
    expect(reads).toEqual([]);
  });

  it('with branches, the heads are read; none holding a checkpoint leaves the thread itself', async () => {
    const { branches, reads } = branchesOver();
    expect(await branches.headBranchOf(['t', 'b'])).toBe('t');
    expect(reads.length).toBeGreaterThan(0);
  });
});
