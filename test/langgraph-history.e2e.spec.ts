import { ThreadState } from '@langchain/langgraph-sdk';
import { CheckpointLink, EventSourcedCheckpointSaver } from '@forkline/agent';
import { READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { LangGraphBranches } from '../apps/api/src/langgraph/branches/langgraph-branches.service';
import { langgraphApp } from './support/langgraph-app';
import { call, eventually, TestApp } from './support/test-app';

/** One turn through the native threads face; answered when the thread shows 2 more messages. */
async function turn(baseUrl: string, threadId: string, content: string): Promise<void> {
  const before = (await call(baseUrl, 'GET', `/threads/${threadId}/messages`)).body.length;
  await call(baseUrl, 'POST', '/commands/send-message', { thread_id: threadId, content });
  await eventually(
    () => call(baseUrl, 'GET', `/threads/${threadId}/messages`),
    (r) => r.body.length >= before + 2,
  );
}

/**
 * The history's checkpoints computed the slow, obvious way from the checkpointer's own links (the log, not the read
 * models): every checkpoint of the sources up to the copy point and of every family stream, fork checkpoints stood in
 * for by their sources, newest first. The paged read model must answer exactly this.
 */
async function expected(app: TestApp, threadId: string): Promise<Array<[string, string | null]>> {
  const saver = app.app.get(EventSourcedCheckpointSaver);
  const family = await app.app.get(LangGraphBranches).family('alice', threadId);
  const view = await app.app.get<ReadStore>(READ_STORE).getThread(threadId);
  const inherited = (await app.app.get(ThreadHistory).segments(view!))!.slice(0, -1);
  const aliases = new Map<string, string>();
  const nodes = new Map<string, CheckpointLink>();
  const add = (links: CheckpointLink[]) => {
    for (const l of links) {
      if (l.source) aliases.set(l.checkpointId, l.source.checkpointId);
      else if (!nodes.has(l.checkpointId)) nodes.set(l.checkpointId, l);
    }
  };
  for (const s of inherited)
    add((await saver.checkpointLinks(s.threadId)).filter((l) => l.threadEventNumber !== null && l.threadEventNumber <= s.upTo));
  for (const t of family) add(await saver.checkpointLinks(t));
  const visible = (id: string | null): string | null => (id !== null && aliases.has(id) ? visible(aliases.get(id)!) : id);
  return [...nodes.values()]
    .map((l): [string, string | null] => [l.checkpointId, visible(l.parentCheckpointId)])
    .sort((a, b) => (a[0] < b[0] ? 1 : -1));
}

const pairs = (states: ThreadState[]) => states.map((s) => [s.checkpoint.checkpoint_id, s.parent_checkpoint?.checkpoint_id ?? null]);

describe('LangGraph face: history pages across branches and copies', () => {
  const lg = langgraphApp();

  /** The whole history, then the same read 2 at a time with `before`: both must be the expected list, under the thread's id. */
  async function checkHistory(threadId: string): Promise<void> {
    const want = await expected(lg.app, threadId);
    const all = await lg.client.threads.getHistory(threadId, { limit: 1000 });
    expect(pairs(all)).toEqual(want);
    expect(all.every((s) => s.checkpoint.thread_id === threadId && (s.parent_checkpoint?.thread_id ?? threadId) === threadId)).toBe(true);
    const paged: ThreadState[] = [];
    for (let before: string | undefined; ;) {
      const page = await lg.client.threads.getHistory(threadId, {
        limit: 2,
        ...(before && { before: { configurable: { checkpoint_id: before } } }),
      });
      if (page.length === 0) break;
      paged.push(...page);
      before = page.at(-1)!.checkpoint.checkpoint_id!;
    }
    expect(pairs(paged)).toEqual(want);
    expect(paged).toEqual(all);
    const [, second] = all;
    expect(await lg.client.threads.getState(threadId, second.checkpoint.checkpoint_id!)).toEqual(second);
  }

  it('pages every branch and every copy exactly as the checkpointer links them, ids kept and thread ids rewritten', async () => {
    const branches = lg.app.app.get(LangGraphBranches);
    await lg.client.threads.create({ threadId: 'lg-tree' });
    for (const text of ['one', 'two', 'three']) await turn(lg.app.baseUrl, 'lg-tree', text);
    const early = (await lg.client.threads.getHistory('lg-tree', { limit: 1000 })).at(-3)!;
    const fork = await branches.branchAt('alice', 'lg-tree', early.checkpoint.checkpoint_id!);
    await turn(lg.app.baseUrl, fork, 'two, edited');
    await checkHistory('lg-tree');

    // A copy of the newest head's branch (the fork), then a turn of its own and a branch at a checkpoint it inherited.
    const copy = (await lg.client.threads.copy('lg-tree')).thread_id;
    expect((await lg.client.threads.getState(copy)).checkpoint).toMatchObject({
      thread_id: copy,
      checkpoint_id: (await lg.client.threads.getState('lg-tree')).checkpoint.checkpoint_id,
    });
    await turn(lg.app.baseUrl, copy, 'only in the copy');
    const inherited = (await lg.client.threads.getHistory(copy, { limit: 1000 })).at(-2)!;
    const copyFork = await branches.branchAt('alice', copy, inherited.checkpoint.checkpoint_id!);
    await turn(lg.app.baseUrl, copyFork, 'a branch of the copy');
    await turn(lg.app.baseUrl, fork, 'in the copied branch, after the copy');
    await checkHistory(copy);
    await checkHistory('lg-tree');

    // A copy of a copy reads through both sources.
    const second = (await lg.client.threads.copy(copy)).thread_id;
    await checkHistory(second);
    const missing = await call(lg.app.baseUrl, 'GET', `/langgraph/threads/${second}/state/${early.checkpoint.checkpoint_id}x`);
    expect(missing.status).toBe(404);
  }, 90_000);
});
