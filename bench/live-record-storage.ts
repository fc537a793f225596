import Database from 'better-sqlite3';
import { statSync } from 'fs';
import { join } from 'path';
import { get, newDataDir, post, startApp } from './bench-support';

const TURNS = 40;

/** Bytes a turn adds to live.db (the offline model, its default token delay), beside what it adds to events.db. */
export async function liveRecordStorage(): Promise<void> {
  const dataDir = newDataDir();
  const { app, url } = await startApp(dataDir, { OFFLINE_TOKEN_DELAY_MS: '5' });
  let threadId: string;
  try {
    ({ thread_id: threadId } = await post(`${url}/commands/create-thread`, {}));
    for (let i = 0; i < TURNS; i++) {
      await post(`${url}/commands/send-message`, { thread_id: threadId, content: `turn ${i}: what changed this quarter?` });
      while ((await get(`${url}/threads/${threadId}/messages`)).length < 2 * (i + 1)) await new Promise((r) => setTimeout(r, 2));
    }
    // run_ended follows the reply: wait until every run has ended.
    const live = new Database(join(dataDir, 'live.db'), { readonly: true });
    const ended = () => live.prepare("SELECT COUNT(*) FROM records WHERE type = 'run_ended'").pluck().get() as number;
    while (ended() < TURNS) await new Promise((r) => setTimeout(r, 5));
    live.close();
  } finally {
    await app.close();
  }
  const live = new Database(join(dataDir, 'live.db'), { readonly: true });
  const rows = live
    .prepare(
      `SELECT COUNT(*) AS n, SUM(length(thread_id) + 8 + length(run_id) + length(type) + length(data) + 8) AS bytes,
              SUM(type = 'token_delta') AS deltas FROM records`,
    )
    .get() as { n: number; bytes: number; deltas: number };
  const runBytes = live.prepare('SELECT SUM(length(thread_id) + length(run_id) + 24) FROM runs').pluck().get() as number;
  live.close();
  const events = new Database(join(dataDir, 'events.db'), { readonly: true });
  const durable = events
    .prepare(
      'SELECT COUNT(*) AS n, SUM(length(event_id) + length(stream_id) + length(type) + length(data) + length(metadata) + 16) AS bytes FROM events',
    )
    .get() as {
    n: number;
    bytes: number;
  };
  events.close();
  const fileBytes = statSync(join(dataDir, 'live.db')).size;
  console.log(
    `live records per turn (offline model, ~30 tokens, OFFLINE_TOKEN_DELAY_MS=5, ${TURNS} turns): ${(rows.n / TURNS).toFixed(1)} records ` +
      `(${(rows.deltas / TURNS).toFixed(1)} token_delta), ${Math.round((rows.bytes + runBytes) / TURNS)} B of row data ` +
      `(live.db file ${Math.round(fileBytes / TURNS)} B a turn); the durable log: ${(durable.n / TURNS).toFixed(1)} events, ` +
      `~${Math.round(durable.bytes / TURNS)} B a turn`,
  );
}
