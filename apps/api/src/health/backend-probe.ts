import { Backends, withTimeout } from '@forkline/platform';
import { SingleFlight } from './single-flight';

const PROBE_TIMEOUT_MS = 2000;

export type Probed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface BackendHealth {
  head: Probed<bigint | undefined>;
  stored: Probed<unknown>;
}

/**
 * Asks both stores whether they answer. /health is open to anyone without a limit, so a burst of probes
 * shares the one check in flight instead of each starting its own head lookup.
 */
export class BackendProbe {
  private readonly flight = new SingleFlight(() => this.probeBoth());

  constructor(
    private readonly backends: Backends,
    private readonly timeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  check(): Promise<BackendHealth> {
    return this.flight.run();
  }

  private async probeBoth(): Promise<BackendHealth> {
    const { eventStore, readStore } = this.backends;
    const [head, stored] = await Promise.all([
      this.probe(() => eventStore.headPosition()),
      this.probe(() => readStore.checkpointOf('threads')),
    ]);
    return { head, stored };
  }

  private async probe<T>(check: () => Promise<T>): Promise<Probed<T>> {
    try {
      return { ok: true, value: await withTimeout(check(), this.timeoutMs) };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
}
