import { at, timeAt } from '../sample-conversation';
import { runRecordsProjector } from './run-records.projector';

describe('run-records projector', () => {
  it('keeps logs (step and progress null when not a step log) and stats', () => {
    const log = at(5, {
      type: 'LogRecorded',
      data: { threadId: 'a', runId: 'r1', logId: 'l1', level: 'warning', message: 'slow', eventNumber: 4 },
    });
    expect(runRecordsProjector.project(log)).toEqual([
      {
        table: 'logs',
        position: 5n,
        upsert: {
          thread_id: 'a',
          event_number: 4,
          log_id: 'l1',
          run_id: 'r1',
          level: 'warning',
          message: 'slow',
          step: null,
          progress: null,
          created_at: timeAt(5),
        },
      },
    ]);
    const stat = at(8, {
      type: 'StatRecorded',
      data: { threadId: 'a', runId: 'r1', statId: 's1', mode: 'react', latencyMs: 120, inputTokens: 10, outputTokens: 20, eventNumber: 5 },
    });
    expect(runRecordsProjector.project(stat)).toEqual([
      {
        table: 'stats',
        position: 8n,
        upsert: {
          thread_id: 'a',
          event_number: 5,
          stat_id: 's1',
          run_id: 'r1',
          mode: 'react',
          latency_ms: 120,
          input_tokens: 10,
          output_tokens: 20,
          created_at: timeAt(8),
        },
      },
    ]);
  });

  it("deletes a deleted thread's logs and stats", () => {
    expect(runRecordsProjector.project(at(9, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 6 } }))).toEqual([
      { table: 'logs', position: 9n, delete: { thread_id: 'a' } },
      { table: 'stats', position: 9n, delete: { thread_id: 'a' } },
    ]);
  });

  it('ignores the run events themselves (the workflows read model follows those)', () => {
    const completed = at(10, { type: 'RunCompleted', data: { threadId: 'a', runId: 'r1', replyTo: 'm1', eventNumber: 7 } });
    expect(runRecordsProjector.project(completed)).toEqual([]);
  });
});
