import { EventStore, Position, RecordedEvent } from '@forkline/event-store';
import { ReadModelChange } from './read-model.schema';
import { ReadStore, SubscriberBatch } from './read-store.port';
import { ProjectedEvent, projectable, Projector } from './projectors/projector';

const RETRY_MS = 1000;

/**
 * Feeds projectors from the global log through one subscription. Each projector keeps its own
 * durable checkpoint; a batch's changes and the checkpoints move together in one commit, so a crash
 * replays at most an uncommitted batch, and a projector behind the others catches up on its own.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, Position | undefined>();
  private readonly waiters = new Set<() => void>();
  private controller = new AbortController();
  private loop: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    readonly projectors: Projector[],
    private readonly afterCommit: (events: ProjectedEvent[]) => void = () => undefined,
    private readonly log: (message: string) => void = console.error,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    for (const p of this.projectors) this.positions.set(p.name, await this.readStore.checkpointOf(p.name));
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    await this.loop;
    this.wake();
  }

  /** Halts, lets `work` replace what is behind the read store, and resumes from its checkpoints; waiters keep waiting. */
  async pauseFor(work: () => Promise<void>): Promise<void> {
    this.controller.abort();
    await this.loop;
    await work();
    for (const p of this.projectors) this.positions.set(p.name, await this.readStore.checkpointOf(p.name));
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
    this.wake();
  }

  /** The position every projector of this runner has reached. */
  get checkpoint(): Position | undefined {
    const all = [...this.positions.values()];
    if (all.includes(undefined)) return undefined;
    return all.reduce((min, p) => (p! < min! ? p : min), all[0]);
  }

  /** Resolves true once every projector has applied the event at `position`, false after `timeoutMs`. */
  async waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.checkpoint !== undefined && this.checkpoint >= position)) {
      const left = deadline - Date.now();
      if (left <= 0 || this.stopped) return false;
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), this.waiters.delete(done), resolve());
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
    return true;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.subscribeToAll({ after: this.checkpoint, signal })) await this.apply(batch);
      } catch (error) {
        if (signal.aborted) return;
        this.log(`projections failed after position ${this.checkpoint}: ${error}; retrying`);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private async apply(batch: RecordedEvent[]): Promise<void> {
    const events = projectable(batch);
    const last = batch[batch.length - 1].position;
    // Projectors are almost always at one position: the events past it are picked once, not once per projector.
    const past = new Map<Position | undefined, ProjectedEvent[]>();
    const batches: SubscriberBatch[] = this.projectors.map((p) => {
      const after = this.positions.get(p.name);
      let fresh = past.get(after);
      if (!fresh) past.set(after, (fresh = after === undefined ? events : events.filter((e) => e.position > after)));
      const changes: ReadModelChange[] = [];
      for (const e of fresh) for (const change of p.project(e)) changes.push(change);
      return { subscriber: p.name, position: last, changes };
    });
    await this.readStore.commit(batches);
    for (const p of this.projectors) this.positions.set(p.name, last);
    this.afterCommit(events);
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
