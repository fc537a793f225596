import { Inject, Injectable } from '@nestjs/common';
import { RunStats } from '@forkline/domain';
import { Metrics, RunOutcome } from '@forkline/platform';
import { ProjectedEvent } from '@forkline/read-models';
import { AfterCommitSubscriber } from './after-commit-subscriber';

/** Runs remembered while their end event and their stats wait for each other. */
const PENDING_RUNS = 10_000;

type Stats = RunStats & { mode: string };

/**
 * Counts runs from the durable events the projections commit, so a run counts wherever it ran, and once per process that
 * projects (from its read models' checkpoint on: a restart does not count again). A completed or failed run records its
 * stats just before its end; a stopped one after (its partial reply), so each waits for the other here.
 */
@Injectable()
export class RunMetrics implements AfterCommitSubscriber {
  private readonly stats = new Map<string, Stats>();
  private readonly stopped = new Map<string, true>();

  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  readonly afterCommit = (events: ProjectedEvent[]): void => {
    for (const e of events) {
      if (e.type === 'StatRecorded') this.statsOf(e.data.runId, e.data);
      else if (e.type === 'RunCompleted') this.ended(e.data.runId, 'completed');
      else if (e.type === 'RunFailed') this.ended(e.data.runId, 'failed');
      // A message stopped before its run started was never a run.
      else if (e.type === 'RunStopped' && e.data.runId !== null) this.ended(e.data.runId, 'stopped');
    }
  };

  /** Nothing durable to pick up: counters start at zero with the process. */
  async resume(): Promise<void> {}

  private statsOf(runId: string, stats: Stats): void {
    if (this.stopped.delete(runId)) return this.observe('stopped', stats);
    remember(this.stats, runId, stats);
  }

  private ended(runId: string, outcome: RunOutcome): void {
    this.metrics.runs.inc({ outcome });
    const stats = this.stats.get(runId);
    this.stats.delete(runId);
    if (stats) this.observe(outcome, stats);
    else if (outcome === 'stopped') remember(this.stopped, runId, true);
  }

  private observe(outcome: RunOutcome, stats: Stats): void {
    this.metrics.runDuration.observe({ outcome, mode: stats.mode }, stats.latencyMs / 1000);
    this.metrics.runTokens.inc({ outcome, kind: 'input' }, stats.inputTokens);
    this.metrics.runTokens.inc({ outcome, kind: 'output' }, stats.outputTokens);
  }
}

/** Adds to a bounded map, forgetting the oldest entry past the bound. */
function remember<V>(into: Map<string, V>, runId: string, value: V): void {
  into.set(runId, value);
  if (into.size > PENDING_RUNS) into.delete(into.keys().next().value!);
}
