import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@forkline/event-store';
import { READ_STORE, ReadStore, RowOf, runStatus } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { LgRun, RunStatus } from './run.dto';
import { RunListQuery } from './run-request.dto';
import { RunTarget } from './run-threads';

type RunRow = RowOf<'runs'>;
const RUN_STATE = ['status', 'message_deleted', 'started_at', 'ended_at', 'error'] as const;
export type RunState = Pick<RunRow, (typeof RUN_STATE)[number]>;

const STATUS: Record<string, RunStatus> = {
  pending: 'pending',
  running: 'running',
  completed: 'success',
  failed: 'error',
  cancelled: 'interrupted',
};
/**
 * The statuses of runs not over, as one range of the column, so a run start asks once per branch rather than once per
 * status: they sort cancelled < completed < failed < pending < running, and only pending and running come after 'failed'.
 */
const NOT_OVER = { column: 'status', value: 'failed' };
const SETTLE_WAIT_MS = 10_000;
const POLL_MS = 25;

/** What a run started on this face keeps with its message: the Run's own fields. */
export interface LgRunFields {
  assistant_id: string;
  metadata: Record<string, unknown>;
  multitask_strategy: string;
}
export const LG_RUN_KEY = 'langgraph_run';

const newestFirst = (a: RunRow, b: RunRow) =>
  (a.created_at ?? '') < (b.created_at ?? '') ? 1 : (a.created_at ?? '') > (b.created_at ?? '') ? -1 : 0;

export const runNotFound = (runId: string) => new NotFoundException(`Run with ID ${runId} not found`);

/** Runs (the `runs` read model: one per user message) as LangGraph Runs. A rolled-back run (its message deleted) is gone. */
@Injectable()
export class RunQueries {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projections: ProjectionsService,
  ) {}

  /** A run of the LangGraph thread: of the thread itself or of one of its branch forks. */
  async row(target: RunTarget, runId: string): Promise<RunRow> {
    const [row] = await this.readStore.query('runs', { run_id: runId });
    if (!row || !target.family.includes(row.thread_id) || row.message_deleted || !runStatus(row)) throw runNotFound(runId);
    return row;
  }

  async view(row: RunRow, target: RunTarget): Promise<LgRun> {
    const fields = row.reply_to ? await this.fields(row.reply_to) : undefined;
    const status = STATUS[runStatus(row) ?? 'pending'];
    return {
      run_id: row.run_id,
      thread_id: target.threadId,
      assistant_id: fields?.assistant_id ?? row.agent_id ?? target.agentId,
      created_at: row.created_at ?? '',
      updated_at: row.ended_at ?? row.started_at ?? row.created_at ?? '',
      status,
      metadata: fields?.metadata ?? {},
      multitask_strategy: fields?.multitask_strategy ?? null,
      kwargs: {},
    };
  }

  /** Newest first, all branches, as LangGraph lists a thread's runs. */
  async list(target: RunTarget, query: RunListQuery): Promise<LgRun[]> {
    const [limit, offset] = [query.limit ?? 10, query.offset ?? 0];
    const shows = (r: RunRow) => !r.message_deleted && runStatus(r) && (!query.status || STATUS[runStatus(r)!] === query.status);
    // Read only as far as the page when it fills from each branch's newest rows (no filter hid any); else all of them.
    const read = offset + limit + 1;
    const rows = await Promise.all(
      target.family.map(async (thread_id) => {
        const newest = await this.readStore.query('runs', { thread_id }, { orderBy: 'created_at', desc: true, limit: read });
        if (newest.length < read || newest.filter(shows).length === read) return newest;
        return this.readStore.query('runs', { thread_id }, { orderBy: 'created_at', desc: true });
      }),
    );
    const page = rows
      .flat()
      .filter(shows)
      .sort(newestFirst)
      .slice(offset, offset + limit);
    return Promise.all(page.map((r) => this.view(r, target)));
  }

  /**
   * The LangGraph thread's runs not over yet, all branches, each branch's newest first: asked for by status, so a thread
   * of many finished runs reads none of them (a run whose message was deleted counts as over).
   */
  async active(family: string[]): Promise<RunRow[]> {
    const rows = await Promise.all(
      family.map((thread_id) => this.readStore.query('runs', { thread_id }, { after: NOT_OVER, orderBy: 'created_at', desc: true })),
    );
    return rows.flat().filter((r) => ['pending', 'running'].includes(runStatus(r) ?? ''));
  }

  /** Where the run in a Forkline thread stands, as the read models hold it now. */
  async find(runId: string, threadId: string): Promise<RunState | undefined> {
    const [row] = await this.readStore.query('runs', { run_id: runId, thread_id: threadId }, { columns: RUN_STATE });
    return row;
  }

  /**
   * The run once the read models show it over (bounded): a run's end is durable before its last live record, so once the
   * read models reach the log's head they show it; polling covers a run still ending (a cancel that waits).
   */
  async settled(runId: string, threadId: string): Promise<RunRow | undefined> {
    for (let waited = 0; ; waited += POLL_MS) {
      const [row] = await this.readStore.query('runs', { run_id: runId, thread_id: threadId });
      const status = row && runStatus(row);
      if (!status || !['pending', 'running'].includes(status) || waited >= SETTLE_WAIT_MS) return row;
      if (waited === 0) await this.projections.waitForReadModels(await this.events.headPosition());
      else await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** The event number of a run's message (a fork's inherited one is its source's row), -1 once it is gone. */
  async messageEventNumber(messageId: string): Promise<number> {
    const [row] = await this.readStore.query('messages', { message_id: messageId }, { columns: ['event_number'], limit: 1 });
    return row?.event_number ?? -1;
  }

  private async fields(messageId: string): Promise<LgRunFields | undefined> {
    const [row] = await this.readStore.query('messages', { message_id: messageId }, { columns: ['metadata'], limit: 1 });
    if (!row?.metadata) return undefined;
    try {
      return (JSON.parse(row.metadata) as Record<string, LgRunFields | undefined>)[LG_RUN_KEY];
    } catch {
      return undefined;
    }
  }
}
