import { EventStore, Position } from '@forkline/event-store';
import { ReadStore } from './read-store.port';
import { ProjectedEvent, projectable, Projector } from './projectors/projector';

const POLL_MS = 25;
const RETRY_MS = 1000;

/**
 * What a process that does not project has instead of a ProjectionRunner: it follows the log from its head
 * at start and hands each batch to `afterCommit` once the read store (written by the projector, wherever it
 * runs) has reached it, so a subscriber reads read models that hold what it is told. It writes nothing.
 * Before following, it waits for the read store to reach the head it started from, then calls `caughtUp`:
 * the durable to-do lists in the read store then cover everything before the head.
 */
export class LogFollower {
  private controller = new AbortController();
  private loop: Promise<void> | null = null;
  /** The last position handed on (or the head it started from). */
  private delivered: Position | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    private readonly projectors: Projector[],
    private readonly afterCommit: (events: ProjectedEvent[]) => void = () => undefined,
    private readonly caughtUp: () => Promise<void> = async () => undefined,
    private readonly log: (message: string) => void = console.error,
  ) {}

  async start(): Promise<void> {
    const head = await this.store.headPosition();
    this.controller = new AbortController();
    this.loop = this.run(head, this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  /**
   * Stops, first handing on what the read store holds beyond the last batch handed on (this process is about to
   * project itself, from the read store's checkpoint on: nothing is skipped nor handed on twice).
   */
  async stopCaughtUp(): Promise<void> {
    await this.stop();
    const until = await this.checkpoint();
    while (until !== undefined && (this.delivered === undefined || this.delivered < until)) {
      const batch = (await this.store.readAll({ after: this.delivered, limit: 500 })).filter((e) => e.position <= until);
      if (batch.length === 0) break;
      this.delivered = batch[batch.length - 1].position;
      this.afterCommit(projectable(batch));
    }
  }

  /** The last position handed on to `afterCommit` (the head it started from, before any). */
  get handedOn(): Position | undefined {
    return this.delivered;
  }

  /** The position every projector has reached, as the read store holds it. */
  async checkpoint(): Promise<Position | undefined> {
    let min: Position | undefined;
    for (const p of this.projectors) {
      const at = await this.readStore.checkpointOf(p.name);
      if (at === undefined) return undefined;
      if (min === undefined || at < min) min = at;
    }
    return min;
  }

  /** Resolves true once the read store's checkpoint reaches `position`, false after `timeoutMs` (or when stopped). */
  async waitFor(position: Position, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = await this.checkpoint();
      if (at !== undefined && at >= position) return true;
      if (Date.now() >= deadline || signal?.aborted) return false;
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  }

  private async run(head: Position | undefined, signal: AbortSignal): Promise<void> {
    this.delivered = head;
    if (head !== undefined) while (!signal.aborted && !(await this.waitFor(head, RETRY_MS, signal)));
    if (signal.aborted) return;
    await this.caughtUp().catch((error) => this.log(`could not resume after-commit work: ${error}`));
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.subscribeToAll({ after: this.delivered, signal })) {
          const last = batch[batch.length - 1].position;
          while (!signal.aborted && !(await this.waitFor(last, RETRY_MS, signal)));
          if (signal.aborted) return;
          this.delivered = last;
          this.afterCommit(projectable(batch));
        }
      } catch (error) {
        if (signal.aborted) return;
        this.log(`following the log failed after position ${this.delivered}: ${error}; retrying`);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }
}
