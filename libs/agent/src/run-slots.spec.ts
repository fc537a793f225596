import { RunSlots } from './run-slots';

describe('RunSlots', () => {
  it('lets `limit` runs in at once and the next ones in arrival order as slots free up', async () => {
    const slots = new RunSlots(2);
    const entered: string[] = [];
    const releases = new Map<string, () => void>();
    const run = (name: string) =>
      slots.acquire().then((release) => {
        entered.push(name);
        releases.set(name, release);
      });
    const all = ['a', 'b', 'c', 'd'].map(run);
    await new Promise((r) => setImmediate(r));
    expect(entered).toEqual(['a', 'b']);
    expect(slots.load).toEqual({ active: 2, waiting: 2 });
    releases.get('b')!();
    releases.get('b')!(); // a second release of the same slot gives nothing back
    await new Promise((r) => setImmediate(r));
    expect(entered).toEqual(['a', 'b', 'c']);
    expect(slots.load).toEqual({ active: 2, waiting: 1 });
    releases.get('a')!();
    await Promise.all(all);
    expect(entered).toEqual(['a', 'b', 'c', 'd']);
    releases.get('c')!();
    releases.get('d')!();
    expect(slots.load).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses a limit below 1', () => {
    expect(() => new RunSlots(0)).toThrow(/at least one run/);
  });
});
