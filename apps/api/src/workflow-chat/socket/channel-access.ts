import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_AGENT_SLUG, defaultAgentId } from '@forkline/domain';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { conversationThreadId } from '../conversation-thread';
import { ExecutionQueries, OwnRun } from '../queries/execution-queries.service';

/** A channel the caller may see: the thread it follows and, for `execution:<id>`, that run. */
export type Channel = { name: string; threadId: string; agentId: string; run?: OwnRun };

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Resolves `workflow:<slug>` (the caller's conversation thread with that workflow: every execution on it) and
 * `execution:<id>` (one run of the caller's). Another user's or an unknown one, and a malformed name, are all refused alike.
 */
@Injectable()
export class ChannelAccess {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly executions: ExecutionQueries,
  ) {}

  async resolve(userId: string, name: unknown): Promise<Channel | null> {
    if (typeof name !== 'string') return null;
    const [kind, id, ...rest] = name.split(':');
    if (rest.length > 0 && kind === 'workflow') return null;
    if (kind === 'workflow' && SLUG.test(id ?? '')) {
      const agentId = await this.agentOf(userId, id);
      return agentId ? { name, threadId: conversationThreadId(userId, agentId), agentId } : null;
    }
    const executionId = name.slice('execution:'.length);
    if (kind === 'execution' && ID.test(executionId)) {
      const run = await this.executions.run(userId, executionId);
      return run ? { name, threadId: run.thread_id, agentId: run.agent_id, run } : null;
    }
    return null;
  }

  private async agentOf(userId: string, slug: string): Promise<string | null> {
    const [row] = await this.readStore.query('agents', { owner_id: userId, slug }, { columns: ['agent_id'] });
    if (row) return row.agent_id;
    const defaultId = defaultAgentId(userId);
    if (slug !== DEFAULT_AGENT_SLUG) return null;
    // The default agent answers to its slug unless it was renamed (then it has a row, found above under its new slug).
    const [renamed] = await this.readStore.query('agents', { agent_id: defaultId }, { columns: ['slug'] });
    return renamed ? null : defaultId;
  }
}
