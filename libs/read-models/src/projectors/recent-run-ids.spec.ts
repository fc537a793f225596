import { runIdFor } from '@forkline/domain';
import { RecentRunIds } from './recent-run-ids';

describe('RecentRunIds', () => {
  it("gives runIdFor's id, from memory once seen, and never keeps more than its capacity", () => {
    const ids = new RecentRunIds(3);
    const pairs = [1, 2, 3, 4, 5, 1, 1].map((n) => [`t${n % 2}`, `m${n}`] as const);
    for (const [thread, message] of pairs) {
      expect(ids.of(thread, message)).toBe(runIdFor(thread, message));
      expect(ids.size).toBeLessThanOrEqual(3);
    }
    expect(ids.of('t1', 'm1')).not.toBe(ids.of('t0', 'm1'));
  });
});
