import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DEFAULT_AGENT_SLUG } from '@forkline/domain';
import { READ_STORE, ReadStore, RowOf, runStatus } from '@forkline/read-models';
import { ExecutionResponse, ExecutionStatus } from './execution.dto';

export const EXECUTION_NOT_FOUND = 'Execution not found.';

/** A run the caller may see, with the status executions show (see runStatus). */
export type OwnRun = RowOf<'runs'> & { status: ExecutionStatus; owner_id: string; agent_id: string };

/** Executions (runs) from the `runs` read model, each only to the owner of its thread. */
@Injectable()
export class ExecutionQueries {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** The caller's run, or null: another user's run and an unknown one look alike. */
  async run(userId: string, executionId: string): Promise<OwnRun | null> {
    const [row] = await this.readStore.query('runs', { run_id: executionId });
    const status = row && runStatus(row);
    if (!row || !status) return null;
    const thread = await this.readStore.getThread(row.thread_id);
    if (!thread || thread.owner_id !== userId) return null;
    return { ...row, status, owner_id: thread.owner_id, agent_id: row.agent_id ?? thread.agent_id };
  }

  async execution(userId: string, executionId: string): Promise<ExecutionResponse> {
    const run = await this.run(userId, executionId);
    if (!run) throw new NotFoundException(EXECUTION_NOT_FOUND);
    return this.view(run);
  }

  async view(run: OwnRun): Promise<ExecutionResponse> {
    const [agent] = await this.readStore.query('agents', { agent_id: run.agent_id }, { columns: ['slug'] });
    return {
      execution_id: run.run_id,
      // A user's default agent has no row until first edited: its slug is the default one.
      workflow_slug: agent?.slug ?? DEFAULT_AGENT_SLUG,
      workflow_id: run.agent_id,
      status: run.status,
      error_message: run.error ?? '',
      started_at: run.created_at ?? '',
      completed_at: run.status === 'pending' || run.status === 'running' ? null : run.ended_at,
      total_tokens: (run.input_tokens ?? 0) + (run.output_tokens ?? 0),
      total_cost_usd: 0,
      llm_calls: run.latency_ms === null ? 0 : 1,
      final_output: run.status === 'completed' ? { message: await this.answer(run) } : null,
      trigger_payload: await this.trigger(run),
      logs: [],
    };
  }

  /** The run's final answer (the durable AssistantMessageAdded's text). */
  async answer(run: Pick<OwnRun, 'thread_id' | 'answer_message_id'>): Promise<string> {
    if (!run.answer_message_id) return '';
    const [message] = await this.readStore.query('messages', { thread_id: run.thread_id, message_id: run.answer_message_id });
    return message?.content ?? '';
  }

  private async trigger(run: OwnRun): Promise<{ text: string } | null> {
    if (!run.reply_to) return null;
    // A fork's inherited message is its source's row: looked up by id alone.
    const [message] = await this.readStore.query('messages', { message_id: run.reply_to }, { columns: ['content'], limit: 1 });
    return message ? { text: message.content } : null;
  }
}
