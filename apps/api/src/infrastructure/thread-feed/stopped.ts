/**
 * The reason given when a feed, a stream or a waiting request stops following: `abort()` without one builds a new
 * DOMException (stack and all) each time, which showed in profiles once per streamed run. Nothing reads these reasons;
 * one shared Error keeps `signal.throwIfAborted()` throwing an Error should anything call it.
 */
export const STOPPED = new Error('stopped following');

/** Aborts `controller` with the shared reason. */
export const stop = (controller: AbortController): void => controller.abort(STOPPED);

/** A signal aborted (with the shared reason) once the request's connection closes: the client left. */
export function closedSignal(req: { on(event: 'close', listener: () => void): unknown }): AbortSignal {
  const gone = new AbortController();
  req.on('close', () => stop(gone));
  return gone.signal;
}
