import { DEFAULT_AGENT_SLUG, defaultAgentId } from '@forkline/domain';
import { ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ReadStore } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { LangGraphBranches } from '../branches/langgraph-branches.service';
import { RunThreads } from './run-threads';

/** RunThreads over read models holding one agent row (`agents`), recording what it asks them and the branches. */
function threadsOver(agents: Array<{ agent_id: string; slug: string; owner_id: string }>) {
  const asked: string[] = [];
  const readStore = {
    query: async (table: string, where: Record<string, string>) => {
      asked.push(`${table} ${JSON.stringify(where)}`);
      return agents.filter((a) => Object.entries(where).every(([k, v]) => a[k as keyof typeof a] === v));
    },
  } as unknown as ReadStore;
  const branches = {
    headBranchOf: async (family: string[]) => (asked.push(`head of ${family.join(',')}`), family[1]),
  } as unknown as LangGraphBranches;
  const threads = new RunThreads(readStore, {} as ThreadRepository, branches, {} as ProjectionsService, {} as ThreadLineage);
  return { threads, asked };
}

describe('RunThreads: where a run goes, reading no more than it needs', () => {
  const ctx = { actor: 'alice', correlationId: 'c', causationId: null };

  it('the caller’s default agent named by id needs no read; by slug, one (it may have been renamed); another by id or slug', async () => {
    const fallback = defaultAgentId('alice');
    const { threads, asked } = threadsOver([{ agent_id: 'a2', slug: 'helper', owner_id: 'alice' }]);
    expect(await threads.assistant('alice', fallback)).toBe(fallback);
    expect(asked).toEqual([]);
    expect(await threads.assistant('alice', DEFAULT_AGENT_SLUG)).toBe(fallback);
    expect(asked).toHaveLength(1);
    expect(await threads.assistant('alice', 'helper')).toBe('a2');
    await expect(threads.assistant('bob', 'helper')).rejects.toThrow("assistant 'helper' not found");
  });

  it('a run without a checkpoint goes to the head branch of the family already read, with no read of its own', async () => {
    const { threads, asked } = threadsOver([]);
    expect(await threads.runThread('alice', { threadId: 't', family: ['t', 'b'], agentId: 'a' }, undefined, ctx)).toBe('b');
    expect(asked).toEqual(['head of t,b']);
  });
});
