import { Backends } from '@forkline/platform';
import { BackendProbe } from './backend-probe';

/** Stores that count their lookups and answer only when told to. */
function countingBackends() {
  const calls = { head: 0, checkpoint: 0 };
  const pending: Array<(position: bigint) => void> = [];
  const backends = {
    eventStore: {
      headPosition: () => {
        calls.head++;
        return new Promise<bigint>((resolve) => pending.push(resolve));
      },
    },
    readStore: {
      checkpointOf: async () => {
        calls.checkpoint++;
        return 3n;
      },
    },
    kinds: { eventStore: 'sqlite', readStore: 'sqlite' },
  } as unknown as Backends;
  const answer = (position: bigint) => pending.splice(0).forEach((resolve) => resolve(position));
  return { backends, calls, answer };
}

describe('BackendProbe', () => {
  it('lets a burst of concurrent probes share one lookup, and looks again once it has answered', async () => {
    const { backends, calls, answer } = countingBackends();
    const probe = new BackendProbe(backends);
    const burst = Array.from({ length: 50 }, () => probe.check());
    await new Promise((resolve) => setImmediate(resolve));
    answer(7n);
    const results = await Promise.all(burst);
    expect(calls).toEqual({ head: 1, checkpoint: 1 });
    expect(results.every((r) => r === results[0])).toBe(true);
    expect(results[0]).toEqual({ head: { ok: true, value: 7n }, stored: { ok: true, value: 3n } });

    const next = probe.check();
    await new Promise((resolve) => setImmediate(resolve));
    answer(9n);
    expect((await next).head).toEqual({ ok: true, value: 9n });
    expect(calls.head).toBe(2);
  });

  it('reports a store that does not answer in time as unreachable, and the next probe tries afresh', async () => {
    const { backends, calls, answer } = countingBackends();
    // Long enough that the retry, answered on the next turn of the loop, never races the timer on a busy machine.
    const probe = new BackendProbe(backends, 500);
    const [a, b] = await Promise.all([probe.check(), probe.check()]);
    expect(a).toEqual({ head: { ok: false, error: 'no answer in 0.5 s' }, stored: { ok: true, value: 3n } });
    expect(b).toBe(a);
    expect(calls.head).toBe(1);
    const retry = probe.check();
    await new Promise((resolve) => setImmediate(resolve));
    answer(1n);
    expect((await retry).head).toEqual({ ok: true, value: 1n });
    expect(calls.head).toBe(2);
  });
});
