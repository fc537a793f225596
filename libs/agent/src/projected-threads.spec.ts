import { ProjectedEvent } from '@forkline/read-models';
import { ProjectedThreads } from './projected-threads';

const event = (threadId: string, eventNumber: number) =>
  ({ type: 'RunCompleted', data: { threadId, eventNumber } }) as unknown as ProjectedEvent;
const checkpoint = (threadId: string) =>
  ({ type: 'CheckpointSaved', data: { threadId, threadEventNumber: 9 } }) as unknown as ProjectedEvent;
const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('ProjectedThreads', () => {
  it('resolves a wait once a commit holds the thread up to its event number, and at once when one did already', async () => {
    const projected = new ProjectedThreads(60_000);
    const waiting = projected.until('t', 3);
    projected.seen([event('t', 2), event('other', 5), checkpoint('t')]);
    expect(await settled(waiting)).toBe(false);
    projected.seen([event('t', 4)]);
    expect(await settled(waiting)).toBe(true);
    expect(await settled(projected.until('t', 4))).toBe(true);
    expect(await settled(projected.until('t', 5))).toBe(false);
    projected.close();
  });

  it('never waits past its limit or a close: a stalled projection delays run_ended, never drops it', async () => {
    const short = new ProjectedThreads(10);
    await short.until('t', 1); // resolves by itself
    const closing = new ProjectedThreads(60_000);
    const waiting = closing.until('t', 1);
    closing.close();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(closing.until('t', 7))).toBe(true);
  });
});
