import { defineProjector } from './projector';

/** What runs leave behind besides messages: their logs and their stats. */
export const runRecordsProjector = defineProjector('run-records', ['logs', 'stats'], (e) => {
  switch (e.type) {
    case 'LogRecorded': {
      const { threadId, eventNumber, logId, runId, level, message, step, progress } = e.data;
      const row = {
        thread_id: threadId,
        event_number: eventNumber,
        log_id: logId,
        run_id: runId,
        level,
        message,
        step: step ?? null,
        progress: progress ?? null,
        created_at: e.occurredAt,
      };
      return [{ table: 'logs', upsert: row }];
    }
    case 'StatRecorded': {
      const { threadId, eventNumber, statId, runId, mode, latencyMs, inputTokens, outputTokens } = e.data;
      const row = {
        thread_id: threadId,
        event_number: eventNumber,
        stat_id: statId,
        run_id: runId,
        mode,
        latency_ms: latencyMs,
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        created_at: e.occurredAt,
      };
      return [{ table: 'stats', upsert: row }];
    }
    case 'ThreadDeleted':
      return [
        { table: 'logs', delete: { thread_id: e.data.threadId } },
        { table: 'stats', delete: { thread_id: e.data.threadId } },
      ];
    default:
      return [];
  }
});
