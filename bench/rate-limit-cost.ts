import { ThrottlerStorageService } from '@nestjs/throttler';
import { join } from 'path';
import { SqliteRateCounterStore } from '@forkline/read-models';
import { get, newDataDir, startApp } from './bench-support';

const OPS = 20_000;
const CLIENTS = 16;
const SECONDS = 5;

/**
 * What the shared rate limit costs: one counter increment (the per-user limit) and one peek (the failed-auth
 * throttle) per authenticated request, in DATA_DIR/limits.db, against the throttler's in-process counter; then
 * requests/s of a cheap authenticated GET over HTTP with everything in place.
 */
export async function rateLimitCost(): Promise<void> {
  const store = new SqliteRateCounterStore(join(newDataDir(), 'limits.db'));
  const rule = { windowMs: 60_000, limit: 1_000_000, blockMs: 60_000 };
  const shared = await perOp(async (i) => {
    await store.increment(`user:${i % 100}`, { now: Date.now(), ...rule });
    await store.peek(`auth:${i % 100}`, Date.now());
  });
  await store.close();
  const memory = new ThrottlerStorageService();
  const inProcess = await perOp((i) => memory.increment(`user:${i % 100}`, 60_000, 1_000_000, 60_000, 'default'));
  memory.onApplicationShutdown();
  console.log(
    `rate limit counters, per request: shared SQLite (increment + peek) ${shared.toFixed(1)} µs, in-process throttler ${inProcess.toFixed(1)} µs`,
  );

  const { app, url } = await startApp(newDataDir());
  try {
    await get(`${url}/threads`);
    let requests = 0;
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < deadline) {
          await get(`${url}/threads`);
          requests++;
        }
      }),
    );
    console.log(`GET /threads, ${CLIENTS} clients, ${SECONDS} s: ${(requests / SECONDS).toFixed(0)} req/s (shared rate limit counters)`);
  } finally {
    await app.close();
  }
}

async function perOp(op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 1000; i++) await op(i);
  const start = performance.now();
  for (let i = 0; i < OPS; i++) await op(i);
  return ((performance.now() - start) * 1000) / OPS;
}
