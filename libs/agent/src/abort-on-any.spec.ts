import { getEventListeners } from 'events';
import { abortOnAny } from './abort-on-any';

describe('abortOnAny', () => {
  it('aborts with the reason of whichever source aborts first', () => {
    const stop = new AbortController();
    const lease = new AbortController();
    const { signal } = abortOnAny([stop.signal, lease.signal]);
    expect(signal.aborted).toBe(false);
    lease.abort('lease lost');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('lease lost');
    stop.abort('stopped');
    expect(signal.reason).toBe('lease lost');
  });

  it('is aborted at once when a source already is', () => {
    const stop = new AbortController();
    stop.abort('stopped');
    const { signal } = abortOnAny([stop.signal, new AbortController().signal]);
    expect(signal.reason).toBe('stopped');
  });

  it('leaves no listener on its sources once disposed or aborted, so a finished run holds nothing', () => {
    const stop = new AbortController();
    const lease = new AbortController();
    const first = abortOnAny([stop.signal, lease.signal]);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    first.dispose();
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(lease.signal, 'abort')).toHaveLength(0);
    abortOnAny([stop.signal, lease.signal]);
    stop.abort();
    expect(getEventListeners(lease.signal, 'abort')).toHaveLength(0);
  });
});
