import { EventStore, Position, RecordedEvent } from '@forkline/event-store';
import { ReadStore } from './read-store.port';
import { ProjectedEvent, projectable, Projector } from './projectors/projector';
const RETRY_MS = 1000;

/**
 * Feeds one projector from the global log, starting at its durable checkpoint. Each batch's changes
 * and the new checkpoint are committed together, so a crash replays at most an uncommitted batch.
 */
export class ProjectionRunner {
  private position: Position | undefined;
  private readonly waiters = new Set<() => void>();
  private controller = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    readonly projector: Projector,
    private readonly afterCommit: (events: ProjectedEvent[]) => void = () => undefined,
    private readonly log: (message: string) => void = console.error,
  ) {}

  async start(): Promise<void> {
    this.position = await this.readStore.checkpointOf(this.projector.name);
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.wake();
  }

  get checkpoint(): Position | undefined {
    return this.position;
  }

  /** Resolves true once the projector has applied the event at `position`, false after `timeoutMs`. */
  async waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.reached(position)) {
      const left = deadline - Date.now();
      if (left <= 0 || this.controller.signal.aborted) return false;
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), this.waiters.delete(done), resolve());
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
    return true;
  }

  private reached(position: Position): boolean {
    return this.position !== undefined && this.position >= position;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.subscribeToAll({ after: this.position, signal })) {
          await this.apply(batch);
        }
      } catch (error) {
        if (signal.aborted) return;
        this.log(`projection '${this.projector.name}' failed at position ${this.position}: ${error}; retrying`);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private async apply(batch: RecordedEvent[]): Promise<void> {
    const events = projectable(batch);
    const last = batch[batch.length - 1].position;
    await this.readStore.commit(this.projector.name, last, events.flatMap((e) => this.projector.project(e)));
    this.position = last;
    this.afterCommit(events);
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
