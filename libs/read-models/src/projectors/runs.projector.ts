import { RowChange, RowOf } from '../read-model.schema';
import { defineProjector, isCheckpointEvent } from './projector';
import { RecentRunIds } from './recent-run-ids';

/** A bounded memo of ids (the rule stays a function of its event). */
const recent = new RecentRunIds();
const runIdFor = (threadId: string, messageId: string) => recent.of(threadId, messageId);

type RunRow = RowOf<'runs'>;

/** A run's row as its message creates it: pending, nothing known of its work yet (spelled out: spreading it was slow). */
const pendingRun = (row: Pick<RunRow, 'run_id' | 'thread_id' | 'owner_id' | 'agent_id' | 'reply_to' | 'mode' | 'created_at'>): RunRow => ({
  run_id: row.run_id,
  thread_id: row.thread_id,
  owner_id: row.owner_id,
  agent_id: row.agent_id,
  reply_to: row.reply_to,
  mode: row.mode,
  created_at: row.created_at,
  status: 'pending',
  started_at: null,
  ended_at: null,
  answer_message_id: null,
  error: null,
  input_tokens: 0,
  output_tokens: 0,
  latency_ms: null,
  attempt: 0,
  message_deleted: 0,
});

/**
 * Runs as executions: one row per answered (or to be answered) user message, from pending to its end. Rows are keyed by
 * runIdFor(thread, message) from the replyTo every run event carries, so runs from before run ids were derived get it too.
 */
export const runsProjector = defineProjector('runs', ['runs'], (e) => {
  if (isCheckpointEvent(e)) return [];
  const thread_id = e.data.threadId;
  const set = (run_id: string, row: Partial<RunRow>, increment?: Partial<Record<keyof RunRow, number>>): RowChange<'runs'> => ({
    table: 'runs',
    upsert: { run_id, thread_id, ...row },
    ...(increment && { increment }),
  });
  switch (e.type) {
    case 'UserMessageAdded': {
      const { messageId, mode } = e.data;
      const run_id = runIdFor(thread_id, messageId);
      const row = {
        run_id,
        thread_id,
        owner_id: e.actor,
        agent_id: null,
        reply_to: messageId,
        mode: mode ?? 'chat',
        created_at: e.occurredAt,
      };
      return [{ table: 'runs', upsert: pendingRun(row) }];
    }
    case 'ThreadForked': {
      // The fork answers the unanswered messages it inherits itself: each is a new run of the fork.
      const { ownerId, agentId } = e.data;
      return e.data.unanswered.map(({ messageId, mode }) => ({
        table: 'runs' as const,
        upsert: pendingRun({
          run_id: runIdFor(thread_id, messageId),
          thread_id,
          owner_id: ownerId,
          agent_id: agentId ?? null,
          reply_to: messageId,
          mode: mode ?? 'chat',
          created_at: e.occurredAt,
        }),
      }));
    }
    case 'RunStarted': {
      const { replyTo, agentId, attempt, mode } = e.data;
      return [
        set(runIdFor(thread_id, replyTo), {
          status: 'running',
          started_at: e.occurredAt,
          mode,
          attempt: attempt ?? 1,
          ...(agentId && { agent_id: agentId }),
        }),
      ];
    }
    case 'RunResumed':
      return [set(runIdFor(thread_id, e.data.replyTo), { attempt: e.data.attempt })];
    case 'AssistantMessageAdded':
      return e.data.stopped ? [] : [set(runIdFor(thread_id, e.data.replyTo), { answer_message_id: e.data.messageId })];
    case 'StatRecorded': {
      // Names no message: keyed by its run id, which is runIdFor(thread, message) for every run since run ids were
      // derived (a stat of an older run lands in a row of its own, with no status, which queries skip).
      const { runId, latencyMs, inputTokens, outputTokens } = e.data;
      return [set(runId, { latency_ms: latencyMs }, { input_tokens: inputTokens, output_tokens: outputTokens })];
    }
    case 'RunCompleted':
      return [set(runIdFor(thread_id, e.data.replyTo), { status: 'completed', ended_at: e.occurredAt })];
    case 'RunFailed':
      return [set(runIdFor(thread_id, e.data.replyTo), { status: 'failed', error: e.data.error, ended_at: e.occurredAt })];
    case 'RunStopped': {
      // Stopped before it started (runId null) or after: the run's id is known from the message either way.
      return [set(runIdFor(thread_id, e.data.replyTo), { status: 'cancelled', ended_at: e.occurredAt })];
    }
    case 'MessageDeleted':
      // A projector does not read, so it cannot tell an unanswered message from an answer: it marks the run the
      // message would have, and a run not over by then reads as cancelled (see runStatus).
      return [set(runIdFor(thread_id, e.data.messageId), { message_deleted: 1 })];
    case 'ThreadDeleted':
      return [{ table: 'runs', delete: { thread_id } }];
    default:
      return [];
  }
});

/** A run's status as executions show it: one whose message was deleted before it ended was cancelled. */
export function runStatus(
  row: Pick<RunRow, 'status' | 'message_deleted'>,
): 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | null {
  const status = (row.status ?? null) as ReturnType<typeof runStatus>;
  if (status === null) return null;
  return row.message_deleted && (status === 'pending' || status === 'running') ? 'cancelled' : status;
}
