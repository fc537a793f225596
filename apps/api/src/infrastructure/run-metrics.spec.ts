import { Metrics } from '@forkline/platform';
import { ProjectedEvent } from '@forkline/read-models';
import { RunMetrics } from './run-metrics';

let position = 0n;
const event = (type: string, data: Record<string, unknown>): ProjectedEvent =>
  ({
    type,
    data: { threadId: 't', eventNumber: 0, ...data },
    occurredAt: '',
    eventId: `e${position}`,
    position: ++position,
    actor: 'agent',
  }) as ProjectedEvent;
const stats = (runId: string, latencyMs: number, mode = 'chat') =>
  event('StatRecorded', { runId, statId: `s-${runId}`, mode, latencyMs, inputTokens: 10, outputTokens: 20 });

async function values(metrics: Metrics, name: string): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric(name)!;
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [JSON.stringify(v.labels), v.value]));
}

describe('RunMetrics', () => {
  let metrics: Metrics;
  let runs: RunMetrics;
  beforeEach(() => {
    metrics = new Metrics({ defaultMetrics: false });
    runs = new RunMetrics(metrics);
  });

  it('counts each outcome, and pairs a run with its stats whether they come before its end (completed, failed) or after (stopped)', async () => {
    runs.afterCommit([stats('a', 1500), event('RunCompleted', { runId: 'a', replyTo: 'm1' })]);
    runs.afterCommit([stats('b', 250, 'react'), event('RunFailed', { runId: 'b', replyTo: 'm2', error: 'boom' })]);
    runs.afterCommit([event('RunStopped', { runId: 'c', replyTo: 'm3' })]);
    runs.afterCommit([event('UserMessageAdded', { messageId: 'm4', content: 'hi' }), stats('c', 4000)]);
    expect(await values(metrics, 'forkline_runs_total')).toEqual({
      '{"outcome":"completed"}': 1,
      '{"outcome":"failed"}': 1,
      '{"outcome":"stopped"}': 1,
    });
    const histogram = (await metrics.registry.getSingleMetric('forkline_run_duration_seconds')!.get()).values as Array<{
      metricName?: string;
      labels: object;
      value: number;
    }>;
    const sums = histogram.filter((v) => v.metricName === 'forkline_run_duration_seconds_sum').map((v) => [v.labels, v.value]);
    expect(sums).toEqual([
      [{ outcome: 'completed', mode: 'chat' }, 1.5],
      [{ outcome: 'failed', mode: 'react' }, 0.25],
      [{ outcome: 'stopped', mode: 'chat' }, 4],
    ]);
    expect((await values(metrics, 'forkline_run_tokens_total'))['{"outcome":"stopped","kind":"output"}']).toBe(20);
  });

  it('does not count a message stopped before its run started, nor stats without an end', async () => {
    runs.afterCommit([event('RunStopped', { runId: null, replyTo: 'm1' }), stats('orphan', 10)]);
    expect(await values(metrics, 'forkline_runs_total')).toEqual({});
    expect(await values(metrics, 'forkline_run_tokens_total')).toEqual({});
  });
});
