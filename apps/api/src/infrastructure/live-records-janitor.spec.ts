import { Logger } from '@nestjs/common';
import { SqliteLiveRecordStore } from '@forkline/event-store';
import { LiveRecordsJanitor } from './live-records-janitor';

describe('LiveRecordsJanitor', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('sweeps every tenth of the retention, at least every second and at most every 10 minutes', () => {
    const store = new SqliteLiveRecordStore(':memory:');
    expect(new LiveRecordsJanitor(store, 24 * 3_600_000).intervalMs).toBe(600_000);
    expect(new LiveRecordsJanitor(store, 3_600_000).intervalMs).toBe(360_000);
    expect(new LiveRecordsJanitor(store, 2000).intervalMs).toBe(1000);
    void store.close();
  });

  it("removes an old run's records and keeps a recent run's, judged by the clock it is given", async () => {
    const store = new SqliteLiveRecordStore(':memory:');
    await store.append('t', [{ runId: 'old', type: 'token_delta', data: { text: 'a' } }]);
    const written = Date.now();
    let now = new Date(written + 3_600_000 - 60_000);
    const janitor = new LiveRecordsJanitor(store, 3_600_000, () => now);
    await janitor.sweep();
    expect(await store.read('t', -1)).toHaveLength(1);
    now = new Date(written + 3_600_000 + 60_000);
    await janitor.sweep();
    expect(await store.read('t', -1)).toEqual([]);
    await store.close();
  });

  it('logs a failed sweep and keeps going, and stop waits for a sweep under way', async () => {
    const store = new SqliteLiveRecordStore(':memory:');
    const expire = jest.spyOn(store, 'expire').mockRejectedValueOnce(new Error('disk gone'));
    const janitor = new LiveRecordsJanitor(store, 3_600_000);
    const errors = jest.spyOn(janitor['logger'], 'error');
    janitor.start();
    void janitor.sweep();
    await janitor.stop();
    expect(errors).toHaveBeenCalledWith('could not remove expired live run records: Error: disk gone');
    await janitor.sweep();
    expect(expire).toHaveBeenCalledTimes(2);
    await store.close();
  });
});
