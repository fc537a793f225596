import { runIdFor } from '@forkline/domain';
import { ReadModelChange } from '../read-model.schema';
import { at, SAMPLE_CONVERSATION, timeAt } from '../sample-conversation';
import { runStatus, runsProjector } from './runs.projector';

/** The run rows the changes leave, applied in order as the stores do (partial upserts merge, increments add, deletes remove). */
function apply(changes: ReadModelChange[]): Map<string, Record<string, unknown>> {
  const rows = new Map<string, Record<string, unknown>>();
  for (const c of changes) {
    if ('delete' in c) {
      for (const [id, row] of rows) if (Object.entries(c.delete).every(([k, v]) => row[k] === v)) rows.delete(id);
      continue;
    }
    const upsert = c.upsert as Record<string, unknown>;
    const row = { ...(rows.get(upsert.run_id as string) ?? {}), ...upsert };
    for (const [k, n] of Object.entries((c.increment ?? {}) as Record<string, number>)) row[k] = ((row[k] as number | undefined) ?? 0) + n;
    rows.set(upsert.run_id as string, row);
  }
  return rows;
}

const project = (events: Parameters<typeof runsProjector.project>[0][]) => apply(events.flatMap((e) => runsProjector.project(e)));

describe('runs projector', () => {
  const run1 = runIdFor('t', 'm1');

  it('follows a run from its message to its answer, with its stats, whatever run id its events carry', () => {
    const rows = project([
      at(1, { type: 'ThreadCreated', data: { threadId: 't', ownerId: 'u1', eventNumber: 0, agentId: 'g1' } }),
      at(2, { type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm1', content: 'hi', eventNumber: 1 } }),
      at(
        3,
        { type: 'RunStarted', data: { threadId: 't', runId: 'legacy', mode: 'chat', replyTo: 'm1', eventNumber: 2, agentId: 'g1' } },
        'agent',
      ),
      at(
        4,
        { type: 'RunResumed', data: { threadId: 't', runId: 'legacy', replyTo: 'm1', attempt: 2, workerId: 'w', eventNumber: 3 } },
        'agent',
      ),
      at(5, {
        type: 'AssistantMessageAdded',
        data: { threadId: 't', messageId: 'a1', content: 'hello', runId: 'legacy', replyTo: 'm1', eventNumber: 4 },
      }),
      at(6, {
        type: 'StatRecorded',
        data: { threadId: 't', runId: run1, statId: 's', mode: 'chat', latencyMs: 40, inputTokens: 3, outputTokens: 5, eventNumber: 5 },
      }),
      at(7, { type: 'RunCompleted', data: { threadId: 't', runId: 'legacy', replyTo: 'm1', eventNumber: 6 } }, 'agent'),
    ]);
    expect([...rows.keys()]).toEqual([run1]);
    expect(rows.get(run1)).toEqual({
      run_id: run1,
      thread_id: 't',
      owner_id: 'u1',
      agent_id: 'g1',
      reply_to: 'm1',
      mode: 'chat',
      status: 'completed',
      created_at: timeAt(2),
      started_at: timeAt(3),
      ended_at: timeAt(7),
      answer_message_id: 'a1',
      error: null,
      input_tokens: 3,
      output_tokens: 5,
      latency_ms: 40,
      attempt: 2,
      message_deleted: 0,
    });
  });

  it('records failures with their error', () => {
    const rows = project([
      at(2, { type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm1', content: 'hi', eventNumber: 1 } }),
      at(3, { type: 'RunStarted', data: { threadId: 't', runId: run1, mode: 'react', replyTo: 'm1', eventNumber: 2 } }),
      at(4, { type: 'RunFailed', data: { threadId: 't', runId: run1, replyTo: 'm1', error: 'boom', eventNumber: 3 } }),
    ]);
    expect(rows.get(run1)).toMatchObject({ status: 'failed', error: 'boom', ended_at: timeAt(4), attempt: 1, mode: 'react' });
  });

  it('cancels a run stopped before it started (no run id) and one stopped while running', () => {
    const rows = project([
      at(2, { type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm1', content: 'hi', eventNumber: 1 } }),
      at(3, { type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm2', content: 'hi', eventNumber: 2 } }),
      at(4, { type: 'RunStopped', data: { threadId: 't', runId: null, replyTo: 'm1', eventNumber: 3 } }),
      at(5, { type: 'RunStarted', data: { threadId: 't', runId: 'r2', mode: 'chat', replyTo: 'm2', eventNumber: 4 } }),
      at(6, { type: 'RunStopped', data: { threadId: 't', runId: 'r2', replyTo: 'm2', eventNumber: 5 } }),
    ]);
    expect(rows.get(run1)).toMatchObject({ status: 'cancelled', started_at: null, ended_at: timeAt(4) });
    expect(rows.get(runIdFor('t', 'm2'))).toMatchObject({ status: 'cancelled', started_at: timeAt(5), ended_at: timeAt(6) });
  });

  it('gives a fork a pending run of its own for each unanswered message it inherits', () => {
    const rows = project([
      at(
        9,
        {
          type: 'ThreadForked',
          data: {
            threadId: 'f',
            ownerId: 'u2',
            sourceThreadId: 't',
            fromEventNumber: 1,
            eventNumber: 2,
            unanswered: [{ messageId: 'm1', eventNumber: 1, mode: 'react' }],
            agentId: 'g1',
          },
        },
        'u2',
      ),
    ]);
    expect(rows.get(runIdFor('f', 'm1'))).toMatchObject({
      thread_id: 'f',
      owner_id: 'u2',
      agent_id: 'g1',
      status: 'pending',
      mode: 'react',
    });
  });

  it('reads a run whose message was deleted before it ended as cancelled, and only then', () => {
    const rows = project([
      at(2, { type: 'UserMessageAdded', data: { threadId: 't', messageId: 'm1', content: 'hi', eventNumber: 1 } }),
      at(3, { type: 'MessageDeleted', data: { threadId: 't', messageId: 'm1', eventNumber: 2 } }),
      at(4, { type: 'MessageDeleted', data: { threadId: 't', messageId: 'answer', eventNumber: 3 } }),
    ]);
    expect(runStatus(rows.get(run1) as never)).toBe('cancelled');
    // An answer's deletion names no run: its row has no status, which queries skip.
    expect(runStatus(rows.get(runIdFor('t', 'answer')) as never)).toBeNull();
    expect(runStatus({ status: 'completed', message_deleted: 1 })).toBe('completed');
  });

  it("removes a deleted thread's runs", () => {
    const changes = runsProjector.project(at(9, { type: 'ThreadDeleted', data: { threadId: 't', eventNumber: 7 } }));
    expect(changes).toEqual([{ table: 'runs', position: 9n, delete: { thread_id: 't' } }]);
  });

  it('gives the sample conversation its runs (what the rebuild contract compares)', () => {
    const rows = project(SAMPLE_CONVERSATION);
    expect(rows.get(runIdFor('a', 'm1'))).toMatchObject({ status: 'completed' });
    expect(rows.get(runIdFor('a', 'm3'))).toMatchObject({ status: 'cancelled' });
  });
});
