/**
 * Resolves after `ms`, or at once when `signal` aborts, so a retry loop never holds up shutdown. The same helper lives
 * privately in libs/event-store/src/live/esdb-live-records.ts; one shared copy would do.
 */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), signal.removeEventListener('abort', done), resolve());
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
